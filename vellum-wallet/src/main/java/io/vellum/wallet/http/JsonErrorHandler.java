package io.vellum.wallet.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty itself answers (a malformed request line, an ambiguous URI, headers too large) in the wallet's JSON
 * error shape instead of Jetty's HTML page, with the wallet's own words ({@link ErrorResponses#unrouted}, as on
 * Vellum's own front): Jetty's messages can name its classes.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int reported = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        ApiResponse answer = ErrorResponses.unrouted(reported);
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
