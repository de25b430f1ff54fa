package io.vellum.server;

import io.vellum.engine.IdGenerator;
import io.vellum.kafka.StreamManager;
import io.vellum.kafka.StreamCoordination;
import io.vellum.kafka.StreamSettings;
import io.vellum.server.cluster.ClusterNode;
import io.vellum.server.exports.ExportCoordination;
import io.vellum.server.exports.JournalExports;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.nativeapi.LedgerEventStreams;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that carries the hosted ledgers' journals out of the server, with the lifecycle they share: journal
 * exports ({@link JournalExports}, {@code <exports directory>}), journal streams to Kafka ({@link StreamManager},
 * {@code <data>/streams}, one manager for all ledgers as vellum-kafka's README recommends) and the native API's
 * event streams ({@link LedgerEventStreams}).
 *
 * <p>All three read ledgers in the background, so they are stopped before a ledger goes: a deletion (a registry
 * deletion listener removes the ledger's journal streams and ends its event streams before the ledger closes) and
 * shutdown ({@link #closeEventStreams} before the HTTP connector stops, {@link #close} before the ledgers close).
 * Journal streams find ledgers through {@link LedgerRegistry#openLedger}, a lock-free lookup, as their
 * {@code LedgerSource} must be.
 */
final class JournalOutputs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalOutputs.class);
    /** The journal streams' directory inside the data directory. */
    static final String STREAMS_DIRECTORY = "streams";

    private final JournalExports exports;
    private final StreamManager streams;
    private final LedgerEventStreams eventStreams;

    private JournalOutputs(JournalExports exports, StreamManager streams, LedgerEventStreams eventStreams) {
        this.exports = exports;
        this.streams = streams;
        this.eventStreams = eventStreams;
    }

    /**
     * Opens the exports and streams directories (resuming exports that were in progress and streams that were
     * active) and registers the deletion listener; call after the ledgers are open.
     *
     * @throws io.vellum.error.LedgerException CORRUPTION when a stream file or export description cannot be read,
     *                                         UNAVAILABLE when a directory cannot be used
     */
    static JournalOutputs open(ServerConfig config, LedgerRegistry ledgers) {
        return open(config, ledgers, null);
    }

    /**
     * As {@link #open(ServerConfig, LedgerRegistry)}; on a node of a cluster ({@code cluster} not null) streams and
     * exports are known on every node and run on their ledger's writer (see {@link ClusterNode}).
     */
    static JournalOutputs open(ServerConfig config, LedgerRegistry ledgers, ClusterNode cluster) {
        StreamManager streams = new StreamManager(config.dataDirectory().resolve(STREAMS_DIRECTORY),
                ledgers::openLedger, StreamSettings.defaults(config.region()),
                cluster == null ? StreamCoordination.LOCAL : cluster.streamCoordination());
        JournalExports exports;
        try {
            exports = new JournalExports(config.exportsDirectory(), ledgers, JournalExports.newExecutor(),
                    Clock.systemUTC(), IdGenerator.random(),
                    cluster == null ? ExportCoordination.LOCAL : cluster.exportCoordination());
        } catch (RuntimeException e) {
            streams.close();
            throw e;
        }
        JournalOutputs outputs = new JournalOutputs(exports, streams, new LedgerEventStreams());
        ledgers.addDeletionListener(outputs::ledgerDeleted);
        if (cluster != null) {
            cluster.attachJournalOutputs(streams, exports);
        }
        return outputs;
    }

    JournalExports exports() {
        return exports;
    }

    StreamManager streams() {
        return streams;
    }

    LedgerEventStreams eventStreams() {
        return eventStreams;
    }

    /** QLDB deletes a ledger's streams with it; its exports stay (their files outlive the ledger, as in S3). */
    private void ledgerDeleted(String ledgerName) {
        eventStreams.closeLedger(ledgerName);
        streams.removeLedger(ledgerName);
        LOG.info("Ledger {} is being deleted: its journal streams and event streams are stopped", ledgerName);
    }

    /** Ends open event streams and refuses new ones: first thing at shutdown. */
    void closeEventStreams() {
        eventStreams.close();
    }

    /** Stops journal streams (at a recorded position) and exports (left to run again); before the ledgers close. */
    @Override
    public void close() {
        eventStreams.close();
        try {
            streams.close();
        } finally {
            exports.close();
        }
    }
}
