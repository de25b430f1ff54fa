package io.vellum.server.nativeapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.http.RequestIds;
import io.vellum.server.http.Utf8Text;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Native-API responses: {@code application/json} bodies written with a streaming generator (results can be large),
 * an {@code x-amzn-RequestId} header like every other Vellum API, and errors as
 * {@code {"error": {"code": "<ErrorCode>", "message": "…"}}}.
 *
 * <p>Statuses by {@link ErrorCode}: INVALID_REQUEST and PARSE_ERROR 400, NOT_FOUND 404, ALREADY_EXISTS 409,
 * OCC_CONFLICT 409 (after the retries; retrying the request may succeed), LIMIT_EXCEEDED 413 (a document, statement,
 * parameter or transaction is larger than the ledger's limits), TRANSACTION_EXPIRED 408, UNAVAILABLE 503 (with
 * {@code Retry-After: 1}), CORRUPTION and VERIFICATION_FAILED 412 (the ledger is damaged: as the control plane's
 * ResourcePreconditionNotMetException; no 5xx, retrying cannot help; the message never holds a server path).
 */
final class NativeResponses {
    private static final JsonFactory JSON = new JsonFactory();

    private NativeResponses() {
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void writeTo(JsonGenerator json) throws IOException;
    }

    static HttpResponse json(int status, Body body) {
        return json(status, body, RequestIds.next());
    }

    /** An error whose request id was already logged. */
    static HttpResponse error(int status, ErrorCode code, String message, String requestId) {
        return json(status, errorBody(code, message), requestId);
    }

    private static HttpResponse json(int status, Body body, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation failed", e);
        }
        return new HttpResponse(status, headers(status, requestId), out.toByteArray());
    }

    static HttpResponse error(LedgerException e) {
        boolean damage = e.code() == ErrorCode.CORRUPTION || e.code() == ErrorCode.VERIFICATION_FAILED;
        return error(status(e.code()), e.code(), damage
                ? io.vellum.server.http.ClientErrorText.damaged(null, e.getMessage()) : e.getMessage());
    }

    static HttpResponse error(int status, ErrorCode code, String message) {
        return json(status, errorBody(code, InternalFailures.publicMessage(status, message)));
    }

    private static Body errorBody(ErrorCode code, String message) {
        return json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("code", code.name());
            json.writeStringField("message", message == null ? "" : Utf8Text.printable(message));
            json.writeEndObject();
            json.writeEndObject();
        };
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, PARSE_ERROR -> 400;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, OCC_CONFLICT -> 409;
            case LIMIT_EXCEEDED -> 413;
            case TRANSACTION_EXPIRED -> 408;
            case UNAVAILABLE -> 503;
            case CORRUPTION, VERIFICATION_FAILED -> 412;
        };
    }

    private static Map<String, String> headers(int status, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(RequestIds.HEADER, requestId);
        if (status == 503) {
            headers.put("Retry-After", "1");
        }
        return headers;
    }
}
