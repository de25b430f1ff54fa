package io.vellum.kafka;

/**
 * Where a {@link StreamManager}'s streams run and who hears of their durable changes. On one node
 * ({@link #LOCAL}) every stream runs in its manager and nothing is told. In a cluster every node keeps every
 * stream's state (so List, Describe and Cancel answer on any node), but only the node that
 * {@link #runsStreamsOf runs a ledger's streams} delivers them; each durable change of a stream's state on any node is
 * handed to {@link #changed} to be replicated, and the other nodes give it to {@link StreamManager#applyReplicated}.
 *
 * <p>Implementations are thread-safe and must not call back into the manager from {@link #changed} (it is called
 * while a stream's state is being changed).
 */
public interface StreamCoordination {
    /** One node: every stream runs here; nothing is replicated. */
    StreamCoordination LOCAL = new StreamCoordination() {
        @Override
        public boolean runsStreamsOf(String ledgerName) {
            return true;
        }

        @Override
        public void changed(String ledgerName, String streamId, byte[] state) {
        }

        @Override
        public void removed(String streamId) {
        }
    };

    /** Whether this node delivers the streams of {@code ledgerName} now (in a cluster: it is the ledger's writer). */
    boolean runsStreamsOf(String ledgerName);

    /**
     * A stream's state changed on this node and is durable here; {@code state} is its encoding for
     * {@link StreamManager#applyReplicated} on the other nodes (it holds the target's producer properties).
     */
    void changed(String ledgerName, String streamId, byte[] state);

    /** A stream was removed on this node (its ledger was deleted). */
    void removed(String streamId);
}
