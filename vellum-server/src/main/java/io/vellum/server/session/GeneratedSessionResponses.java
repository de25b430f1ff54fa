package io.vellum.server.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Session API's answers ({@link SessionResponses}) through Jackson's generator: how every answer was written
 * before session 11, and still how one is written whose strings are not plain ASCII ({@link PlainJson#isPlain}).
 * Stateless and thread-safe.
 */
final class GeneratedSessionResponses {
    private static final JsonFactory JSON = new JsonFactory();

    /** Writes the members inside the command's object. */
    @FunctionalInterface
    private interface Members {
        void write(JsonGenerator json) throws IOException;
    }

    private GeneratedSessionResponses() {
    }

    static HttpResponse startSession(String sessionToken, long elapsedNanos, String requestId) {
        return result("StartSession", requestId, 128, json -> {
            json.writeStringField("SessionToken", sessionToken);
            timing(json, elapsedNanos);
        });
    }

    static HttpResponse startTransaction(String transactionId, long elapsedNanos, String requestId) {
        return result("StartTransaction", requestId, 128, json -> {
            json.writeStringField("TransactionId", transactionId);
            timing(json, elapsedNanos);
        });
    }

    /** ExecuteStatement's {@code FirstPage} or FetchPage's {@code Page}; {@code nextPageToken} null on the last. */
    static HttpResponse page(String command, ResultCursor.Page page, String nextPageToken, long elapsedNanos,
                             String requestId) {
        int size = 160;
        for (byte[] value : page.values()) {
            size += value.length * 4 / 3 + 20;
        }
        return result(command, requestId, size, json -> {
            json.writeObjectFieldStart(command.equals("FetchPage") ? "Page" : "FirstPage");
            json.writeArrayFieldStart("Values");
            for (byte[] value : page.values()) {
                json.writeStartObject();
                json.writeFieldName("IonBinary");
                json.writeBinary(value);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (nextPageToken != null) {
                json.writeStringField("NextPageToken", nextPageToken);
            }
            json.writeEndObject();
            timing(json, elapsedNanos);
            consumedIOs(json, page.readIOs(), page.writeIOs());
        });
    }

    static HttpResponse commitTransaction(String transactionId, String commitDigestBase64, long elapsedNanos,
                                          String requestId) {
        return result("CommitTransaction", requestId, 200, json -> {
            json.writeStringField("TransactionId", transactionId);
            json.writeStringField("CommitDigest", commitDigestBase64);
            timing(json, elapsedNanos);
            consumedIOs(json, 0, 0);
        });
    }

    /** AbortTransaction and EndSession: only timing. */
    static HttpResponse timingOnly(String command, long elapsedNanos, String requestId) {
        return result(command, requestId, 96, json -> timing(json, elapsedNanos));
    }

    private static void timing(JsonGenerator json, long elapsedNanos) throws IOException {
        json.writeObjectFieldStart("TimingInformation");
        json.writeNumberField("ProcessingTimeMilliseconds", elapsedNanos / 1_000_000);
        json.writeEndObject();
    }

    private static void consumedIOs(JsonGenerator json, long reads, long writes) throws IOException {
        json.writeObjectFieldStart("ConsumedIOs");
        json.writeNumberField("ReadIOs", reads);
        json.writeNumberField("WriteIOs", writes);
        json.writeEndObject();
    }

    private static HttpResponse result(String command, String requestId, int sizeHint, Members members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart(command);
            members.write(json);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JSON generation failed", e);
        }
        return new HttpResponse(200, Map.of("Content-Type", AwsErrors.AWS_JSON_1_0, RequestIds.HEADER, requestId),
                out.toByteArray());
    }
}
