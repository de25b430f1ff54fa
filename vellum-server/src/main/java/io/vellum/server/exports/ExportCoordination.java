package io.vellum.server.exports;

/**
 * Where {@link JournalExports} run and who hears of their descriptions: one node ({@link #LOCAL}: every export runs
 * where it was requested, nothing is told), or a cluster, where every node keeps every description (Describe and
 * List answer on any node), only the ledger's writer node runs its exports, and each description recorded on a node
 * goes to {@link #changed} to be replicated ({@link JournalExports#applyReplicated} on the other nodes).
 * Implementations are thread-safe and do not call back into {@link JournalExports} from {@link #changed}.
 */
public interface ExportCoordination {
    /** One node: exports run here; nothing is replicated. */
    ExportCoordination LOCAL = new ExportCoordination() {
        @Override
        public boolean runsExportsOf(String ledgerName) {
            return true;
        }

        @Override
        public void changed(String exportId, byte[] description) {
        }
    };

    /** Whether this node runs the exports of {@code ledgerName} now (in a cluster: it writes the ledger). */
    boolean runsExportsOf(String ledgerName);

    /**
     * An export's description was recorded on this node; {@code description} is its encoding for
     * {@link JournalExports#applyReplicated}. A throw fails the request that recorded it (when there is one).
     */
    void changed(String exportId, byte[] description);
}
