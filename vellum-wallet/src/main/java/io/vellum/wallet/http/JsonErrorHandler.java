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
        int reported = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code
                : response.getStatus() >= 400 ? response.getStatus() : 500;
        // An unknown HTTP version is the client's fault, whatever status Jetty files it under.
        int status = reported == 505 ? 400 : reported;
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
            case 400 -> "the HTTP request is malformed (request line, version, URI or headers); send HTTP/1.1";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            default -> status >= 500 ? "the wallet failed to process the request" : "the HTTP request was refused ("
                    + status + ")";
        };
    }
}
