package io.vellum.server.session;

import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import java.util.List;

/**
 * One request to the batch endpoint ({@code POST /v1/ledgers/{name}/batches}, {@link BatchParser}): statements of one
 * transaction sent together, optionally preceded by the start of the transaction and followed by its commit.
 *
 * @param sessionToken  the Session API session the transaction runs on
 * @param transactionId the open transaction the statements continue, or null to start a new one first
 * @param statements    the statements, in execution order (may be empty)
 * @param commitDigest  the client's commit digest to commit with after the statements, or null to leave it open
 */
record SessionBatch(String sessionToken, String transactionId, List<Statement> statements, Hash commitDigest) {
    /** One statement with its parameters, as ExecuteStatement carries it. */
    record Statement(String statement, List<IonValue> parameters) {
    }

    SessionBatch {
        statements = List.copyOf(statements);
    }
}
