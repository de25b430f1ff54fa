package io.vellum.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error responses in the shape every AWS SDK parses (AWS JSON 1.0 and REST-JSON alike, COMPATIBILITY.md §8.3):
 * status, body {@code {"__type":"<Name>","Message":"…"}} (plus any extra members such as {@code ParameterName}),
 * headers {@code x-amzn-ErrorType: <Name>}, {@code x-amzn-RequestId} and the given content type. The SDKs take the
 * error code from {@code x-amzn-ErrorType} (text before the first ':') or else {@code __type}, so both are set.
 *
 * <p>Stateless and thread-safe.
 */
public final class AwsErrors {
    /** Content type of the Session API (AWS JSON 1.0). */
    public static final String AWS_JSON_1_0 = "application/x-amz-json-1.0";
    /** Content type of the REST-JSON control plane. */
    public static final String REST_JSON = "application/json";
    /** The response header naming the error type. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    /** The AWS name of an unexpected server failure; SDKs and the QLDB driver retry status 500. */
    public static final String INTERNAL_FAILURE = "InternalFailure";

    private static final JsonFactory JSON = new JsonFactory();

    private AwsErrors() {
    }

    /** An AWS JSON 1.0 error (the Session API's shape). */
    public static HttpResponse error(int status, String type, String message) {
        return error(status, type, message, AWS_JSON_1_0, Map.of());
    }

    /** An error with the given content type ({@link #AWS_JSON_1_0} or {@link #REST_JSON}). */
    public static HttpResponse error(int status, String type, String message, String contentType) {
        return error(status, type, message, contentType, Map.of());
    }

    /**
     * An error with extra body members after {@code Message}, e.g. {@code ParameterName}, {@code ResourceType},
     * {@code ResourceName} of the control plane's modelled exceptions. Values are written as JSON strings, numbers,
     * booleans or (a {@code Map}) objects of strings; null values are left out.
     */
    public static HttpResponse error(int status, String type, String message, String contentType,
                                     Map<String, ?> extraMembers) {
        return error(status, type, message, contentType, extraMembers, RequestIds.next());
    }

    /** As {@link #error(int, String, String, String, Map)} with a request id the caller already logged. */
    public static HttpResponse error(int status, String type, String message, String contentType,
                                     Map<String, ?> extraMembers, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (message == null ? 0 : message.length()));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("__type", type);
            json.writeStringField("Message", message == null ? ""
                    : Utf8Text.printable(InternalFailures.publicMessage(status, message)));
            for (Map.Entry<String, ?> member : extraMembers.entrySet()) {
                Object value = member.getValue();
                if (value == null) {
                    continue;
                }
                json.writeFieldName(member.getKey());
                if (value instanceof Map<?, ?> object) {
                    json.writeStartObject();
                    for (Map.Entry<?, ?> inner : object.entrySet()) {
                        json.writeStringField(inner.getKey().toString(), Utf8Text.printable(inner.getValue().toString()));
                    }
                    json.writeEndObject();
                } else if (value instanceof Number number) {
                    json.writeNumber(number.toString());
                } else if (value instanceof Boolean bool) {
                    json.writeBoolean(bool);
                } else {
                    json.writeString(Utf8Text.printable(value.toString()));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation failed", e);
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("Content-Type", contentType);
        headers.put(ERROR_TYPE_HEADER, type);
        headers.put(RequestIds.HEADER, requestId);
        return new HttpResponse(status, headers, out.toByteArray());
    }

    /**
     * An error for a request to the native API that failed before the native API saw it (authentication, size,
     * content type, Jetty's own refusals): the AWS members plus the native API's {@code "error": {"code",
     * "message"}}, so that a client of either shape reads it.
     */
    public static HttpResponse nativeCompatible(int status, String type, String nativeCode, String message) {
        Map<String, Object> nativeError = new LinkedHashMap<>();
        nativeError.put("code", nativeCode);
        nativeError.put("message", message == null ? "" : message);
        return error(status, type, message, REST_JSON, Map.of("error", nativeError));
    }

    /** The error type of a response made here (or by anyone setting {@link #ERROR_TYPE_HEADER}), or null. */
    public static String errorType(HttpResponse response) {
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(ERROR_TYPE_HEADER)) {
                String value = header.getValue();
                int colon = value.indexOf(':');
                return colon < 0 ? value : value.substring(0, colon);
            }
        }
        return null;
    }
}
