package io.vellum.server.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the batch endpoint's answers: {@code {"TransactionId", "Results": [{"Values": [{"IonBinary"}],
 * "NextPageToken"?, "ConsumedIOs"}], "CommitDigest"?, "TimingInformation"}} (each result as ExecuteStatement's {@code FirstPage}),
 * and its errors in both shapes: the Session API's {@code __type}/{@code Message} (with {@code x-amzn-ErrorType}) and
 * the native API's {@code "error": {"code", "message"}}. Stateless and thread-safe.
 */
final class SessionBatchResponses {
    private static final JsonFactory JSON = new JsonFactory();

    /** One statement's first page and the token of the next, or null when it was the last. */
    record Result(ResultCursor.Page page, String nextPageToken) {
    }

    /** What a batch did: the transaction, each statement's result, and the commit digest when it committed. */
    record Outcome(String transactionId, List<Result> results, Hash commitDigest) {
    }

    private SessionBatchResponses() {
    }

    static HttpResponse answer(Outcome outcome, long elapsedNanos, String requestId) {
        int size = 200;
        for (Result result : outcome.results()) {
            size += 40;
            for (byte[] value : result.page().values()) {
                size += value.length * 4 / 3 + 20;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("TransactionId", outcome.transactionId());
            json.writeArrayFieldStart("Results");
            for (Result result : outcome.results()) {
                json.writeStartObject();
                json.writeArrayFieldStart("Values");
                for (byte[] value : result.page().values()) {
                    json.writeStartObject();
                    json.writeFieldName("IonBinary");
                    json.writeBinary(value);
                    json.writeEndObject();
                }
                json.writeEndArray();
                if (result.nextPageToken() != null) {
                    json.writeStringField("NextPageToken", result.nextPageToken());
                }
                // Per result: what ExecuteStatement's answer reports for the same page.
                json.writeObjectFieldStart("ConsumedIOs");
                json.writeNumberField("ReadIOs", result.page().readIOs());
                json.writeNumberField("WriteIOs", result.page().writeIOs());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (outcome.commitDigest() != null) {
                json.writeStringField("CommitDigest", outcome.commitDigest().toBase64());
            }
            json.writeObjectFieldStart("TimingInformation");
            json.writeNumberField("ProcessingTimeMilliseconds", elapsedNanos / 1_000_000);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation failed", e);
        }
        return new HttpResponse(200, Map.of("Content-Type", AwsErrors.REST_JSON, RequestIds.HEADER, requestId),
                out.toByteArray());
    }

    static HttpResponse error(SessionException failure, String requestId) {
        return error(failure.httpStatus(), failure.errorType(), failure.code(), failure.getMessage(), requestId);
    }

    static HttpResponse error(int status, String type, ErrorCode code, String message, String requestId) {
        Map<String, Object> nativeError = new LinkedHashMap<>();
        nativeError.put("code", code.name());
        nativeError.put("message", message);
        return AwsErrors.error(status, type, message, AwsErrors.REST_JSON, Map.of("error", nativeError), requestId);
    }
}
