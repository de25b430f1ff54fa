package io.vellum.cluster;

import io.vellum.engine.internal.commit.LedgerReplica.Role;

/**
 * What one node knows about the replication of one ledger, for {@code /health} and {@code /metrics}.
 *
 * @param ledger        the ledger's name
 * @param role          this node's role for the ledger
 * @param state         what this node's replication of the ledger is doing
 * @param tipSequenceNo the last block this node holds
 * @param lagRecords    records of the topic this node has not read yet (block records plus Kafka's transaction
 *                      markers, so at most about twice the blocks behind); 0 for the writer, -1 when not known
 * @param writerNode    the node id of the writer of the last block this node applied or committed, or null
 * @param writerEpoch   the Kafka producer epoch the transaction coordinator gave that writer when it started (its
 *                      {@code initTransactions}), or -1 when not known. Every new writer of the ledger has a higher
 *                      one; with Kafka 4's transactions the epoch also grows with each transaction, so it is an
 *                      order of writers, not a count of them
 * @param failure       why replication stopped (state FAILED), naming the block; else null
 */
public record ReplicationStatus(String ledger, Role role, State state, long tipSequenceNo, long lagRecords,
                                String writerNode, int writerEpoch, String failure) {

    /** What a node's replication of a ledger is doing. */
    public enum State {
        /** Catching up with the topic before accepting commits. */
        STARTING_WRITER,
        /** Committing: this node is the ledger's writer. */
        WRITING,
        /** Applying the writer's blocks from the topic. */
        FOLLOWING,
        /** Replication stopped after a block that did not verify (see {@code failure}); needs an operator. */
        FAILED,
        /** Closed. */
        STOPPED
    }
}
