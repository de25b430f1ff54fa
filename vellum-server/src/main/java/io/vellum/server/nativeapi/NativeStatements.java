package io.vellum.server.nativeapi;

import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/ledgers/{name}/statements} runs one PartiQL statement in its own transaction, committed
 * automatically and retried after OCC conflicts; {@code GET /v1/ledgers/{name}/documents/{table}/{id}/history}
 * lists every revision of one document.
 *
 * <p>Statement request: {@code {"statement": "…", "parameters": [ … ]}} (see {@link NativeRequestBody} for how JSON
 * values become Ion). Response: {@code {"values": [ … ], "transactionId": "…", "blockAddress": {"strandId",
 * "sequenceNo"} or null for a read-only statement, "commitDigest": "<base64>"}}, values down-converted by
 * {@link IonToJson}.
 */
final class NativeStatements {
    private static final Set<String> STATEMENT_FIELDS = Set.of("statement", "parameters");
    /** QLDB table names: a letter or underscore, then letters, digits, underscores; at most 128 characters. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final LedgerRegistry registry;
    private final ServerMetrics metrics;

    NativeStatements(LedgerRegistry registry, ServerMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    HttpResponse execute(String name, HttpRequest request) {
        NativeRequestBody body = NativeRequestBody.parse(NativeEndpoint.ION, request.body(), STATEMENT_FIELDS);
        String statement = body.requiredString("statement");
        List<IonValue> parameters = body.list("parameters");
        Ledger ledger = registry.ledger(name);
        AutoCommit.Outcome outcome = AutoCommit.run(ledger, statement, parameters, metrics);
        CommitResult commit = outcome.commit();
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("values");
            for (IonValue value : outcome.values()) {
                IonToJson.write(value, json);
            }
            json.writeEndArray();
            json.writeStringField("transactionId", commit.transactionId());
            NativeJson.address(json, "blockAddress", commit.blockAddress());
            json.writeStringField("commitDigest", commit.commitDigest().toBase64());
            json.writeEndObject();
        });
    }

    /**
     * {@code {"revisions": [ … ]}}: the committed-view revisions of {@code documentId} in {@code table}, oldest
     * first, a delete being the last revision without {@code data}. 404 when the table has no such document.
     */
    HttpResponse history(String name, String table, String documentId) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "not a table name: '" + table
                    + "' (a letter or '_', then letters, digits or '_')");
        }
        Ledger ledger = registry.ledger(name);
        // The table name is checked above, so it can be part of the statement; the id is a parameter. A read-only
        // transaction writes no block, so this is a query, not a commit for the metrics.
        String query = "SELECT * FROM history(" + table + ") AS h WHERE h.metadata.id = ?";
        List<IonValue> revisions = ledger.execute(
                transaction -> transaction.execute(query, NativeEndpoint.ION.newString(documentId)));
        if (revisions.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "table " + table + " has no document " + documentId);
        }
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("revisions");
            for (IonValue revision : revisions) {
                IonToJson.write(revision, json);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
