package io.vellum.server.hosting;

import java.util.List;

/** What {@code /health} and {@code /metrics} show of cluster mode; absent on a single node. */
public interface ClusterView {
    /** This node's id. */
    String nodeId();

    /** Each hosted ledger's replication as this node sees it, sorted by ledger name. */
    List<LedgerReplication> ledgers();

    /** Writers this node evicted from the writer election since it started (their process was gone). */
    default long writerEvictions() {
        return 0;
    }

    /**
     * One ledger's replication on this node.
     *
     * @param ledger      the ledger
     * @param role        {@code writer} or {@code follower}
     * @param state       {@code starting-writer}, {@code writing}, {@code following}, {@code failed}, {@code stopped}
     * @param writerNode  the node this one takes as the writer, or null when not known yet
     * @param lagBlocks   at most this many blocks of the ledger's topic are not applied here yet (the unread topic
     *                    records: blocks plus one Kafka transaction marker per commit round); 0 on the writer, -1
     *                    unknown
     * @param writerEpoch the writer's Kafka producer epoch (grows with every new writer), -1 unknown
     * @param failovers   how often this node saw the ledger's writer change since it started
     */
    record LedgerReplication(String ledger, String role, String state, String writerNode, long lagBlocks,
                             int writerEpoch, long failovers) {
    }
}
