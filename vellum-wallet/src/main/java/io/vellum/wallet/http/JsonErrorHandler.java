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
 * error shape instead of Jetty's HTML page, with the wallet's own words: Jetty's messages can name its classes.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        WalletError code = status == 413 || status == 414 || status == 431 ? WalletError.REQUEST_TOO_LARGE
                : status >= 500 ? WalletError.INTERNAL_ERROR : WalletError.MALFORMED_REQUEST;
        ApiResponse answer = ErrorResponses.of(status, code.name(), message(status), null);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.JSON);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    private static String message(int status) {
        return switch (status) {
            case 400 -> "the HTTP request is malformed (request line, URI or headers)";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 505 -> "this HTTP version is not supported; use HTTP/1.1";
            default -> status >= 500 ? "the wallet failed to process the request" : "the HTTP request was refused ("
                    + status + ")";
        };
    }
}
