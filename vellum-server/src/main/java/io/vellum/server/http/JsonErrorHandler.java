package io.vellum.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a URI, header or method Jetty refuses before the server's router sees the request:
 * 400, 404, 405, 413, 414, 431, 500, …) as JSON instead of Jetty's HTML page. Jetty may have failed to parse the
 * path, or normalised it ({@code /v1/../x}), so which API the request was for is unknown; the body carries the
 * error shapes of all of them in one object, {@code {"__type", "Message", "error": {"code", "message"}}}: the AWS
 * SDKs read {@code __type}/{@code x-amzn-ErrorType}, native clients {@code error}. The content type is AWS JSON 1.0
 * when the request had an {@code X-Amz-Target}, else {@code application/json}.
 * Messages are ours, by status: never Jetty's reason text, a class name or a stack. Stateless and thread-safe.
 *
 * <p>Jetty 12.1 sends requests it cannot parse through {@link #handle} too; nothing calls the deprecated
 * {@code badMessageError} any more (checked in jetty-server 12.1.14), so this handler does not override it.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attribute = request.getAttribute(ERROR_STATUS);
        int status = attribute instanceof Integer code ? code : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        HttpResponse error = MalformedRequestAnswers.answer(status, request.getHeaders().get("X-Amz-Target") != null);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.CONTENT_TYPE);
        error.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, error.body().length);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }

    /** The answer to a request refused before routing, in every API's shape ({@link MalformedRequestAnswers}). */
    static String errorType(int status) {
        return MalformedRequestAnswers.errorType(status);
    }

    static String message(int status) {
        return MalformedRequestAnswers.message(status);
    }
}
