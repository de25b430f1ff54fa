package io.vellum.server.session;

import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.util.Map;

/**
 * Writes SendCommand results (COMPATIBILITY.md §8.2): {@code {"<Command>":{…,"TimingInformation":{…}}}} with status 200,
 * content type {@code application/x-amz-json-1.0} and {@code x-amzn-RequestId}. Values are always
 * {@code IonBinary}. An answer whose strings are plain ASCII (every one the server makes: tokens, ids, digests, page
 * tokens) is written straight to bytes ({@link PlainJson}); any other through Jackson's generator
 * ({@link GeneratedSessionResponses}), which wrote all of them before session 11; both write the same bytes.
 * Stateless and thread-safe.
 */
final class SessionResponses {
    private SessionResponses() {
    }

    static HttpResponse startSession(String sessionToken, long elapsedNanos, String requestId) {
        if (!PlainJson.isPlain(sessionToken)) {
            return GeneratedSessionResponses.startSession(sessionToken, elapsedNanos, requestId);
        }
        PlainJson json = new PlainJson(160).raw("{\"StartSession\":{\"SessionToken\":\"").raw(sessionToken)
                .raw("\",");
        return answer(timing(json, elapsedNanos).raw("}}"), requestId);
    }

    static HttpResponse startTransaction(String transactionId, long elapsedNanos, String requestId) {
        if (!PlainJson.isPlain(transactionId)) {
            return GeneratedSessionResponses.startTransaction(transactionId, elapsedNanos, requestId);
        }
        PlainJson json = new PlainJson(128).raw("{\"StartTransaction\":{\"TransactionId\":\"").raw(transactionId)
                .raw("\",");
        return answer(timing(json, elapsedNanos).raw("}}"), requestId);
    }

    /** ExecuteStatement's {@code FirstPage} or FetchPage's {@code Page}; {@code nextPageToken} null on the last. */
    static HttpResponse page(String command, ResultCursor.Page page, String nextPageToken, long elapsedNanos,
                             String requestId) {
        if (!PlainJson.isPlain(command) || (nextPageToken != null && !PlainJson.isPlain(nextPageToken))) {
            return GeneratedSessionResponses.page(command, page, nextPageToken, elapsedNanos, requestId);
        }
        int size = 160 + command.length();
        for (byte[] value : page.values()) {
            size += (value.length + 2) / 3 * 4 + 16;
        }
        PlainJson json = new PlainJson(size).raw("{\"").raw(command).raw(command.equals("FetchPage")
                ? "\":{\"Page\":{\"Values\":[" : "\":{\"FirstPage\":{\"Values\":[");
        boolean first = true;
        for (byte[] value : page.values()) {
            json.raw(first ? "{\"IonBinary\":\"" : ",{\"IonBinary\":\"").base64(value).raw("\"}");
            first = false;
        }
        json.raw("]");
        if (nextPageToken != null) {
            json.raw(",\"NextPageToken\":\"").raw(nextPageToken).raw("\"");
        }
        timing(json.raw("},"), elapsedNanos).raw(",");
        return answer(consumedIOs(json, page.readIOs(), page.writeIOs()).raw("}}"), requestId);
    }

    static HttpResponse commitTransaction(String transactionId, String commitDigestBase64, long elapsedNanos,
                                          String requestId) {
        if (!PlainJson.isPlain(transactionId) || !PlainJson.isPlain(commitDigestBase64)) {
            return GeneratedSessionResponses.commitTransaction(transactionId, commitDigestBase64, elapsedNanos,
                    requestId);
        }
        PlainJson json = new PlainJson(224).raw("{\"CommitTransaction\":{\"TransactionId\":\"").raw(transactionId)
                .raw("\",\"CommitDigest\":\"").raw(commitDigestBase64).raw("\",");
        timing(json, elapsedNanos).raw(",");
        return answer(consumedIOs(json, 0, 0).raw("}}"), requestId);
    }

    /** AbortTransaction and EndSession: only timing. */
    static HttpResponse timingOnly(String command, long elapsedNanos, String requestId) {
        if (!PlainJson.isPlain(command)) {
            return GeneratedSessionResponses.timingOnly(command, elapsedNanos, requestId);
        }
        PlainJson json = new PlainJson(96).raw("{\"").raw(command).raw("\":{");
        return answer(timing(json, elapsedNanos).raw("}}"), requestId);
    }

    private static PlainJson timing(PlainJson json, long elapsedNanos) {
        return json.raw("\"TimingInformation\":{\"ProcessingTimeMilliseconds\":").number(elapsedNanos / 1_000_000)
                .raw("}");
    }

    private static PlainJson consumedIOs(PlainJson json, long reads, long writes) {
        return json.raw("\"ConsumedIOs\":{\"ReadIOs\":").number(reads).raw(",\"WriteIOs\":").number(writes)
                .raw("}");
    }

    private static HttpResponse answer(PlainJson json, String requestId) {
        return new HttpResponse(200, Map.of("Content-Type", AwsErrors.AWS_JSON_1_0, RequestIds.HEADER, requestId),
                json.toBytes());
    }
}
