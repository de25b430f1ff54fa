package io.vellum.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The answers to requests refused before any API saw them (a request line, URI, header or framing the HTTP front
 * refuses: 400, 404, 405, 408, 411, 413, 414, 417, 431, 501, 505, …), for both fronts: Jetty's error handler
 * ({@link JsonErrorHandler}) and the thread-per-connection front. Which API the request was for is unknown (its path
 * may not even parse), so the body carries the error shapes of all of them in one object,
 * {@code {"__type", "Message", "error": {"code", "message"}}}: the AWS SDKs read {@code __type} /
 * {@code x-amzn-ErrorType}, native clients {@code error}. The content type is AWS JSON 1.0 when the request had an
 * {@code X-Amz-Target}, else {@code application/json}. Messages are ours, by status: never a library's reason text,
 * a class name or a stack. Stateless and thread-safe.
 */
public final class MalformedRequestAnswers {
    private static final JsonFactory JSON = new JsonFactory();

    private MalformedRequestAnswers() {
    }

    /**
     * The answer with {@code status}.
     *
     * @param sessionApi whether the request carried an {@code X-Amz-Target} header (AWS JSON 1.0 content type)
     */
    public static HttpResponse answer(int status, boolean sessionApi) {
        int shown = status < 400 ? 500 : status;
        String contentType = sessionApi ? AwsErrors.AWS_JSON_1_0 : AwsErrors.REST_JSON;
        return new HttpResponse(shown, Map.of("Content-Type", contentType, AwsErrors.ERROR_TYPE_HEADER,
                errorType(shown), RequestIds.HEADER, RequestIds.next()), json(shown));
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

    public static String errorType(int status) {
        return switch (status) {
            case 400 -> "BadRequestException";
            case 404, 405 -> "UnknownOperationException";
            case 408 -> "RequestTimeoutException";
            case 413 -> "RequestEntityTooLargeException";
            case 414 -> "RequestURITooLongException";
            case 431 -> "RequestHeaderFieldsTooLargeException";
            case 411 -> "LengthRequiredException";
            case 501, 505 -> "NotImplementedException";
            case 503 -> "ServiceUnavailableException";
            default -> status >= 500 ? AwsErrors.INTERNAL_FAILURE : "BadRequestException";
        };
    }

    private static String nativeCode(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 413, 414, 431 -> "LIMIT_EXCEEDED";
            case 501, 505 -> "INVALID_REQUEST";
            case 408 -> "TRANSACTION_EXPIRED";
            default -> status >= 500 ? "UNAVAILABLE" : "INVALID_REQUEST";
        };
    }

    public static String message(int status) {
        return switch (status) {
            case 400 -> "HTTP 400: the request is malformed (its request line, URI, percent-encoding, headers or"
                    + " framing) and was refused before it reached an API";
            case 404 -> "HTTP 404: no resource at this path";
            case 405 -> "HTTP 405: this method is not allowed here";
            case 408 -> "HTTP 408: the request was not received in time";
            case 411 -> "HTTP 411: the request body must be sent with a Content-Length (chunked request bodies are"
                    + " not accepted)";
            case 413 -> "HTTP 413: the request is too large";
            case 414 -> "HTTP 414: the request URI is too long";
            case 417 -> "HTTP 417: the only expectation this server meets is 100-continue";
            case 431 -> "HTTP 431: the request's header fields are too large";
            case 501 -> "HTTP 501: the request's transfer coding is not supported";
            case 503 -> "HTTP 503: the server is unavailable; retry later";
            case 505 -> "HTTP 505: this server speaks HTTP/1.1 (and HTTP/1.0)";
            default -> status >= 500 ? "HTTP " + status + ": the server failed to process the request"
                    : "HTTP " + status + ": the request was refused";
        };
    }
}
