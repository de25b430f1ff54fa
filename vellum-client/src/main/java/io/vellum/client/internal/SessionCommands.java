package io.vellum.client.internal;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.LedgerConnectionException;
import io.vellum.client.LedgerServiceException;
import io.vellum.client.TimingInformation;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The seven commands of the QLDB Session API's {@code SendCommand} (COMPATIBILITY.md §8.2), encoded exactly as the official Java
 * driver sends them ({@code {"SessionToken":"…","<Command>":{…}}}, compact JSON, members in the model's order,
 * {@code Parameters} always present) and their answers decoded.
 *
 * <p>Failures: an error answer throws {@link LedgerServiceException} ({@link ServiceErrors}); no answer throws
 * {@link LedgerConnectionException}; an interrupt throws {@link LedgerException} {@link ErrorCode#UNAVAILABLE} with
 * the interrupt flag set again; an answer that breaks the protocol throws {@link LedgerException}
 * {@link ErrorCode#INVALID_REQUEST} naming what is missing. Thread-safe.
 */
public final class SessionCommands {
    private final SessionTransport transport;
    /** Carries batch requests to {@code POST /v1/ledgers/{name}/batches}; null when batching is off. */
    private final SessionTransport batchTransport;
    private final IonSystem ion;

    public SessionCommands(SessionTransport transport, IonSystem ion) {
        this(transport, null, ion);
    }

    /** @param batchTransport sends batch requests (see {@link #batch}), or null when statements are not batched */
    public SessionCommands(SessionTransport transport, SessionTransport batchTransport, IonSystem ion) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.batchTransport = batchTransport;
        this.ion = Objects.requireNonNull(ion, "ion");
    }

    /** Whether transactions send their statements in batches ({@link #batch}). */
    public boolean batching() {
        return batchTransport != null;
    }

    /** One statement of a batch, its parameters already encoded by {@link IonValueCodec#encode}. */
    public record BatchStatement(String statement, List<byte[]> parameters) {
    }

    /**
     * The answer to a batch: the transaction id, each statement's first page in order, and the commit digest the
     * server echoed (null when the batch did not commit; not yet compared).
     */
    public record BatchAnswer(String transactionId, List<StatementPage> pages, Hash commitDigest) {
    }

    /**
     * Sends statements of one transaction in one request to Vellum's batch endpoint: first StartTransaction when
     * {@code transactionId} is null, then each statement in order, then CommitTransaction with {@code commitDigest}
     * when it is not null. A failure anywhere aborts the transaction on the server and is thrown as the Session API
     * command would have thrown it, the message naming the statement.
     */
    public BatchAnswer batch(String sessionToken, String transactionId, List<BatchStatement> statements,
            Hash commitDigest) {
        return readBatch(sendBatch(sessionToken, transactionId, statements, commitDigest), transactionId,
                statements.size(), commitDigest != null);
    }

    /**
     * The first half of {@link #batch}: sends the request and returns its successful answer, unread.
     *
     * @throws LedgerServiceException    on an error answer
     * @throws LedgerConnectionException on no answer
     */
    HttpAnswer sendBatch(String sessionToken, String transactionId, List<BatchStatement> statements,
            Hash commitDigest) {
        if (batchTransport == null) {
            throw new IllegalStateException("batching is off for this client");
        }
        return successfulAnswer(batchTransport, "Batch", batchBody(sessionToken, transactionId, statements,
                commitDigest));
    }

    /**
     * The second half of {@link #batch}: reads the successful answer to a batch of {@code statements} statements.
     *
     * @throws LedgerException {@link ErrorCode#INVALID_REQUEST} when it is no batch answer (a protocol violation)
     */
    BatchAnswer readBatch(HttpAnswer http, String transactionId, int statements, boolean committing) {
        BatchAnswer read = readWithoutTree(http.body(), transactionId, statements, committing);
        if (read != null) {
            return read;
        }
        // Any other shape: read as a tree, which refuses what breaks the protocol naming what is wrong.
        JsonNode answer = parse(http, "Batch");
        String id = requiredText(answer, "TransactionId", "Batch");
        if (transactionId != null && !transactionId.equals(id)) {
            throw malformed("Batch", "TransactionId " + id + " is not the transaction sent, " + transactionId);
        }
        JsonNode results = answer.path("Results");
        if (!results.isArray() || results.size() != statements) {
            throw malformed("Batch", "Results must be a list of " + statements + " results");
        }
        List<StatementPage> pages = new ArrayList<>(statements);
        for (int i = 0; i < results.size(); i++) {
            pages.add(page(answer, results.get(i), "Batch.Results[" + i + "]"));
        }
        Hash echoed = null;
        if (committing) {
            String echoedDigest = requiredText(answer, "CommitDigest", "Batch");
            try {
                echoed = Hash.fromBase64(echoedDigest);
            } catch (IllegalArgumentException e) {
                throw malformed("Batch", "CommitDigest is not a base64 hash of 0 or 32 bytes: " + echoedDigest);
            }
        }
        return new BatchAnswer(id, pages, echoed);
    }

    /**
     * The batch answer read by {@link BatchAnswerReader} (no JSON tree), or null when it has another shape or breaks
     * the protocol: the tree path then reads it, so every answer is accepted or refused exactly as by that path.
     */
    private BatchAnswer readWithoutTree(byte[] body, String transactionId, int statements, boolean committing) {
        BatchAnswerReader.RawAnswer raw = BatchAnswerReader.read(body);
        if (raw == null || raw.transactionId() == null || raw.transactionId().isEmpty()
                || (transactionId != null && !transactionId.equals(raw.transactionId()))
                || raw.results() == null || raw.results().size() != statements
                || (committing && (raw.commitDigest() == null || raw.commitDigest().isEmpty()))) {
            return null;
        }
        Hash echoed = null;
        List<StatementPage> pages = new ArrayList<>(statements);
        try {
            if (committing) {
                echoed = Hash.fromBase64(raw.commitDigest());
            }
            for (BatchAnswerReader.RawPage page : raw.results()) {
                List<IonValue> values = new ArrayList<>(page.values().size());
                for (byte[] value : page.values()) {
                    values.add(IonValueCodec.decode(ion, value));
                }
                pages.add(new StatementPage(values, page.nextPageToken(),
                        page.consumedIOs() != null ? page.consumedIOs() : raw.consumedIOs(), raw.timing()));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new BatchAnswer(raw.transactionId(), pages, echoed);
    }

    /**
     * The batch request's body, written straight to bytes (no JSON tree: this is on every transaction's path):
     * {@code {"SessionToken", "TransactionId"?, "Statements": [{"Statement", "Parameters": [{"IonBinary"}]}],
     * "CommitDigest"?}}.
     */
    static byte[] batchBody(String sessionToken, String transactionId, List<BatchStatement> statements,
            Hash commitDigest) {
        int size = 128;
        for (BatchStatement statement : statements) {
            size += statement.statement().length() + 48;
            for (byte[] parameter : statement.parameters()) {
                size += parameter.length * 4 / 3 + 20;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator json = SharedJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("SessionToken", sessionToken);
            if (transactionId != null) {
                json.writeStringField("TransactionId", transactionId);
            }
            json.writeArrayFieldStart("Statements");
            for (BatchStatement statement : statements) {
                json.writeStartObject();
                json.writeStringField("Statement", statement.statement());
                json.writeArrayFieldStart("Parameters");
                for (byte[] parameter : statement.parameters()) {
                    json.writeStartObject();
                    json.writeFieldName("IonBinary");
                    json.writeBinary(parameter);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (commitDigest != null) {
                json.writeStringField("CommitDigest", commitDigest.toBase64());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** StartSession: the token of a new session on {@code ledgerName}. */
    public String startSession(String ledgerName) {
        ObjectNode payload = SharedJson.MAPPER.createObjectNode().put("LedgerName", ledgerName);
        JsonNode answer = send(null, "StartSession", payload);
        return requiredText(answer, "SessionToken", "StartSession");
    }

    /** StartTransaction: the id of the new transaction. */
    public String startTransaction(String sessionToken) {
        JsonNode answer = send(sessionToken, "StartTransaction", SharedJson.MAPPER.createObjectNode());
        return requiredText(answer, "TransactionId", "StartTransaction");
    }

    /** ExecuteStatement with each parameter already encoded by {@link IonValueCodec#encode}. */
    public StatementPage executeStatement(String sessionToken, String transactionId, String statement,
            List<byte[]> parameters) {
        ObjectNode payload = SharedJson.MAPPER.createObjectNode()
                .put("TransactionId", transactionId)
                .put("Statement", statement);
        ArrayNode holders = payload.putArray("Parameters");
        Base64.Encoder base64 = Base64.getEncoder();
        for (byte[] parameter : parameters) {
            holders.addObject().put("IonBinary", base64.encodeToString(parameter));
        }
        JsonNode answer = send(sessionToken, "ExecuteStatement", payload);
        return page(answer, answer.path("FirstPage"), "ExecuteStatement.FirstPage");
    }

    /** FetchPage: the page after the one that carried {@code nextPageToken}. */
    public StatementPage fetchPage(String sessionToken, String transactionId, String nextPageToken) {
        ObjectNode payload = SharedJson.MAPPER.createObjectNode()
                .put("TransactionId", transactionId)
                .put("NextPageToken", nextPageToken);
        JsonNode answer = send(sessionToken, "FetchPage", payload);
        return page(answer, answer.path("Page"), "FetchPage.Page");
    }

    /** CommitTransaction with the client's commit digest; returns what the server echoed (not yet compared). */
    public CommitAnswer commitTransaction(String sessionToken, String transactionId, Hash commitDigest) {
        ObjectNode payload = SharedJson.MAPPER.createObjectNode()
                .put("TransactionId", transactionId)
                .put("CommitDigest", commitDigest.toBase64());
        JsonNode answer = send(sessionToken, "CommitTransaction", payload);
        String echoedDigest = requiredText(answer, "CommitDigest", "CommitTransaction");
        Hash echoed;
        try {
            echoed = Hash.fromBase64(echoedDigest);
        } catch (IllegalArgumentException e) {
            throw malformed("CommitTransaction", "CommitDigest is not a base64 hash of 0 or 32 bytes: " + echoedDigest);
        }
        String echoedId = answer.path("TransactionId").isTextual() ? answer.path("TransactionId").asText() : null;
        return new CommitAnswer(echoedId, echoed, consumedIOs(answer), timing(answer));
    }

    /** AbortTransaction (the command names no transaction: it aborts the session's open one, if any). */
    public void abortTransaction(String sessionToken) {
        send(sessionToken, "AbortTransaction", SharedJson.MAPPER.createObjectNode());
    }

    /** EndSession. */
    public void endSession(String sessionToken) {
        send(sessionToken, "EndSession", SharedJson.MAPPER.createObjectNode());
    }

    /** The request body: {@code {"SessionToken":…,"<command>":payload}}, the token omitted when null. */
    public static byte[] requestBody(String sessionToken, String command, ObjectNode payload) {
        ObjectNode request = SharedJson.MAPPER.createObjectNode();
        if (sessionToken != null) {
            request.put("SessionToken", sessionToken);
        }
        request.set(command, payload);
        try {
            return SharedJson.MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings always serialises", e);
        }
    }

    private JsonNode send(String sessionToken, String command, ObjectNode payload) {
        JsonNode root = exchange(transport, command, requestBody(sessionToken, command, payload));
        JsonNode result = root == null ? null : root.get(command);
        if (result == null || !result.isObject()) {
            throw malformed(command, "no \"" + command + "\" object in " + root);
        }
        return result;
    }

    /** Sends {@code body} and returns the answer's JSON, throwing what an error answer or no answer means. */
    private static JsonNode exchange(SessionTransport via, String command, byte[] body) {
        return parse(successfulAnswer(via, command, body), command);
    }

    /** Sends {@code body} and returns the successful answer, throwing what an error answer or no answer means. */
    private static HttpAnswer successfulAnswer(SessionTransport via, String command, byte[] body) {
        HttpAnswer answer;
        try {
            answer = via.send(body);
        } catch (IOException e) {
            throw new LedgerConnectionException(command + " got no answer from the server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the answer to " + command, e);
        }
        if (!answer.isSuccess()) {
            throw ServiceErrors.fromAnswer(answer);
        }
        return answer;
    }

    /** The JSON object of a successful answer. */
    private static JsonNode parse(HttpAnswer answer, String command) {
        JsonNode root;
        try {
            root = SharedJson.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw malformed(command, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed(command, "not a JSON object: " + answer.bodyText());
        }
        return root;
    }

    private StatementPage page(JsonNode answer, JsonNode page, String where) {
        if (!page.isObject()) {
            throw malformed(where, "the page is missing");
        }
        JsonNode holders = page.path("Values");
        List<IonValue> values = new ArrayList<>(holders.size());
        if (!holders.isMissingNode() && !holders.isNull()) {
            if (!holders.isArray()) {
                throw malformed(where, "Values is not a list");
            }
            for (int i = 0; i < holders.size(); i++) {
                values.add(value(holders.get(i), where + ".Values[" + i + "]"));
            }
        }
        JsonNode token = page.path("NextPageToken");
        // A batch answer reports ConsumedIOs per result; the Session API's, beside the page.
        ConsumedIOs ios = consumedIOs(page);
        return new StatementPage(values, token.isTextual() ? token.asText() : null, ios != null ? ios
                : consumedIOs(answer), timing(answer));
    }

    private IonValue value(JsonNode holder, String where) {
        try {
            if (holder.path("IonBinary").isTextual()) {
                return IonValueCodec.decode(ion, Base64.getDecoder().decode(holder.path("IonBinary").asText()));
            }
            if (holder.path("IonText").isTextual()) {
                return IonValueCodec.decode(ion, holder.path("IonText").asText());
            }
        } catch (IllegalArgumentException e) {
            throw malformed(where, e.getMessage());
        }
        throw malformed(where, "neither IonBinary nor IonText: " + holder);
    }

    private static ConsumedIOs consumedIOs(JsonNode answer) {
        JsonNode ios = answer.path("ConsumedIOs");
        if (!ios.isObject()) {
            return null;
        }
        return new ConsumedIOs(ios.path("ReadIOs").asLong(0), ios.path("WriteIOs").asLong(0));
    }

    private static TimingInformation timing(JsonNode answer) {
        JsonNode timing = answer.path("TimingInformation");
        if (!timing.isObject()) {
            return null;
        }
        return new TimingInformation(timing.path("ProcessingTimeMilliseconds").asLong(0));
    }

    private static String requiredText(JsonNode answer, String field, String command) {
        JsonNode value = answer.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw malformed(command, "no " + field);
        }
        return value.asText();
    }

    private static LedgerException malformed(String where, String problem) {
        return new LedgerException(ErrorCode.INVALID_REQUEST,
                "protocol violation: the server's answer to " + where + " is malformed: " + problem);
    }
}
