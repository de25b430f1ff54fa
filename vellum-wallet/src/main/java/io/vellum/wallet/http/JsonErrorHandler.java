package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty itself answers (a malformed request line, an ambiguous URI, headers too large) in the wallet's JSON
 * error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        WalletError code = status == 413 || status == 431 ? WalletError.REQUEST_TOO_LARGE
                : status >= 500 ? WalletError.INTERNAL_ERROR : WalletError.MALFORMED_REQUEST;
        ApiResponse answer = ErrorResponses.of(status, code.name(), message == null ? "HTTP " + status
                : message.toString(), null);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }
}
