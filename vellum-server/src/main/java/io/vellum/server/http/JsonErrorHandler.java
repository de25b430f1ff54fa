package io.vellum.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
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
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object attribute = request.getAttribute(ERROR_STATUS);
        int status = attribute instanceof Integer code ? code : response.getStatus();
        if (status < 400) {
            status = 500;
        }
        String contentType = request.getHeaders().get("X-Amz-Target") != null ? AwsErrors.AWS_JSON_1_0
                : AwsErrors.REST_JSON;
        // Both shapes: Jetty may have normalised or failed to parse the path, so which API it was for is a guess.
        HttpResponse error = new HttpResponse(status, Map.of("Content-Type", contentType, AwsErrors.ERROR_TYPE_HEADER,
                errorType(status), RequestIds.HEADER, RequestIds.next()), json(status));
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.CONTENT_TYPE);
        error.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, error.body().length);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        return true;
    }

    /** The body: the AWS members and the native member. */
    private static byte[] json(int status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("__type", errorType(status));
            json.writeStringField("Message", message(status));
            json.writeObjectFieldStart("error");
            json.writeStringField("code", nativeCode(status));
            json.writeStringField("message", message(status));
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation failed", e);
        }
        return out.toByteArray();
    }

    static String errorType(int status) {
        return switch (status) {
            case 400 -> "BadRequestException";
            case 404, 405 -> "UnknownOperationException";
            case 408 -> "RequestTimeoutException";
            case 413 -> "RequestEntityTooLargeException";
            case 414 -> "RequestURITooLongException";
            case 431 -> "RequestHeaderFieldsTooLargeException";
            case 503 -> "ServiceUnavailableException";
            default -> status >= 500 ? AwsErrors.INTERNAL_FAILURE : "BadRequestException";
        };
    }

    private static String nativeCode(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 413, 414, 431 -> "LIMIT_EXCEEDED";
            case 408 -> "TRANSACTION_EXPIRED";
            default -> status >= 500 ? "UNAVAILABLE" : "INVALID_REQUEST";
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "HTTP 400: the request is malformed (its request line, URI, percent-encoding, headers or"
                    + " framing) and was refused before it reached an API";
            case 404 -> "HTTP 404: no resource at this path";
            case 405 -> "HTTP 405: this method is not allowed here";
            case 408 -> "HTTP 408: the request was not received in time";
            case 413 -> "HTTP 413: the request is too large";
            case 414 -> "HTTP 414: the request URI is too long";
            case 431 -> "HTTP 431: the request's header fields are too large";
            case 503 -> "HTTP 503: the server is unavailable; retry later";
            default -> status >= 500 ? "HTTP " + status + ": the server failed to process the request"
                    : "HTTP " + status + ": the request was refused";
        };
    }
}
