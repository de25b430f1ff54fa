package io.vellum.kafka;

import io.vellum.engine.Ledger;
import io.vellum.kafka.internal.JournalStream;
import io.vellum.kafka.internal.StreamState;
import io.vellum.kafka.internal.StreamStore;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal streams of a server: what the QLDB control plane's StreamJournalToKinesis,
 * DescribeJournalKinesisStream, ListJournalKinesisStreamsForLedger and CancelJournalKinesisStream (and the native
 * API) call.
 *
 * <p>Each stream is one file {@code <directory>/<streamId>.ion} holding its definition, status and position
 * (written atomically and forced before a method returns or a position advances). Constructing a manager on a
 * directory resumes every stream that is neither COMPLETED, CANCELED nor FAILED from its position, so a server
 * restart loses nothing and re-sends at most the blocks whose acknowledgement was not yet recorded (at-least-once).
 * Terminal streams stay listed (QLDB expires them after 7 days; here they remain until their ledger is removed).
 *
 * <p>Lifecycle with the ledgers: close this manager before closing the ledgers it streams, and call
 * {@link #removeLedger} before deleting a ledger. A stream whose ledger is missing from the {@link LedgerSource}
 * (closed, replaced, failed to open) turns IMPAIRED and retries until it is back.
 *
 * <p>In a cluster ({@link StreamCoordination}) every node's manager holds every stream, replicated through
 * {@link StreamCoordination#changed} and {@link #applyReplicated}; only the node that runs a ledger's streams (its
 * writer) delivers them, from the last position any node recorded, and {@link #reconcile} moves delivery when that
 * node changes. Positions only advance after Kafka acknowledged every earlier block, on whichever node delivered
 * them, so the largest position known is always safe to resume from: at least once, no gap.
 *
 * <p>Thread-safe: create, cancel, removeLedger, applyReplicated, reconcile and close are serialised; describe, list
 * and statistics never wait for them.
 */
public final class StreamManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    private final StreamStore store;
    private final LedgerSource ledgers;
    private final StreamSettings settings;
    private final StreamCoordination coordination;
    /** In creation order; replaced (copy on write) under {@code this}, read without a lock. */
    private volatile Map<String, JournalStream> streams = Map.of();
    /** Guarded by {@code this}. */
    private boolean closed;

    /**
     * Opens the stream directory (creating it when absent) and resumes every non-terminal stream in it.
     *
     * @param directory where stream files live, e.g. {@code <data>/streams}
     * @param ledgers   finds the ledgers streams read (see {@link LedgerSource})
     * @throws LedgerException CORRUPTION when a stream file cannot be read (it is never skipped silently),
     *                         UNAVAILABLE when the directory cannot be used
     */
    public StreamManager(Path directory, LedgerSource ledgers, StreamSettings settings) {
        this(directory, ledgers, settings, StreamCoordination.LOCAL);
    }

    /**
     * As {@link #StreamManager(Path, LedgerSource, StreamSettings)}, resuming only the streams whose ledger
     * {@code coordination} runs here, and handing every durable change to it.
     */
    public StreamManager(Path directory, LedgerSource ledgers, StreamSettings settings,
                         StreamCoordination coordination) {
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.store = new StreamStore(Objects.requireNonNull(directory, "directory"),
                state -> coordination.changed(state.definition().ledgerName(), state.definition().streamId(),
                        StreamStore.bytes(state)));
        this.ledgers = Objects.requireNonNull(ledgers, "ledgers");
        this.settings = Objects.requireNonNull(settings, "settings");
        List<StreamState> states = new ArrayList<>(store.readAll());
        states.sort(Comparator.comparing((StreamState state) -> state.definition().creationTime())
                .thenComparing(state -> state.definition().streamId()));
        Map<String, JournalStream> loaded = new LinkedHashMap<>();
        for (StreamState state : states) {
            loaded.put(state.definition().streamId(), new JournalStream(state, store, ledgers, settings));
        }
        streams = java.util.Collections.unmodifiableMap(loaded);
        for (JournalStream stream : loaded.values()) {
            if (!stream.definition().status().isTerminal()
                    && coordination.runsStreamsOf(stream.definition().ledgerName())) {
                LOG.info("Resuming stream {} of ledger {} at block {}", stream.definition().streamId(),
                        stream.definition().ledgerName(), stream.state().nextSequenceNo());
                stream.start();
            }
        }
    }

    /**
     * Creates and starts a stream of {@code ledgerName}; returns its 22-character id. The stream includes blocks
     * committed before now when the start time lies before them.
     *
     * @throws LedgerException INVALID_REQUEST (bad name, times, target; start time in the future), NOT_FOUND (no such
     *                         open ledger), LIMIT_EXCEEDED (the ledger has
     *                         {@link StreamSettings#maxActiveStreamsPerLedger()} ACTIVE or IMPAIRED streams),
     *                         UNAVAILABLE (the manager is closed, or its file cannot be written)
     */
    public synchronized String create(String ledgerName, StreamRequest request) {
        checkOpen();
        request.validate();
        Instant now = settings.clock().instant();
        if (request.inclusiveStartTime().isAfter(now)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "InclusiveStartTime " + request.inclusiveStartTime()
                    + " is in the future (now is " + now + ")");
        }
        Ledger ledger = ledgers.find(ledgerName).orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND,
                "ledger " + ledgerName + " not found"));
        long active = streams.values().stream().map(JournalStream::definition)
                .filter(definition -> definition.ledgerName().equals(ledgerName))
                .filter(definition -> !definition.status().isTerminal()).count();
        if (active >= settings.maxActiveStreamsPerLedger()) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "ledger " + ledgerName + " has " + active
                    + " active streams, the limit is " + settings.maxActiveStreamsPerLedger());
        }
        String streamId = settings.ids().nextId();
        while (streams.containsKey(streamId)) {
            streamId = settings.ids().nextId();
        }
        StreamDefinition definition = new StreamDefinition(streamId,
                StreamDefinition.arn(settings.region(), settings.accountId(), ledgerName, streamId), ledgerName, now,
                request, StreamStatus.ACTIVE, null, null);
        long start = JournalStream.firstBlockAtOrAfter(ledger, request.inclusiveStartTime());
        StreamState state = new StreamState(definition, start, false);
        store.write(state);
        JournalStream stream = new JournalStream(state, store, ledgers, settings);
        Map<String, JournalStream> next = new LinkedHashMap<>(streams);
        next.put(streamId, stream);
        streams = java.util.Collections.unmodifiableMap(next);
        boolean runsHere = coordination.runsStreamsOf(ledgerName);
        if (runsHere) {
            stream.start();
        }
        LOG.info("Created stream {} ({}) of ledger {} from block {} to {}{}", streamId, request.streamName(),
                ledgerName, start, request.target(), runsHere ? "" : "; the ledger's writer node delivers it");
        return streamId;
    }

    /**
     * The stream's current definition and status.
     *
     * @throws LedgerException NOT_FOUND when there is no such stream
     */
    public StreamDefinition describe(String streamId) {
        return stream(streamId).definition();
    }

    /**
     * The stream's current definition and status, if it streams {@code ledgerName} (QLDB's paths name both; a stream
     * of another ledger is not found, as in QLDB).
     *
     * @throws LedgerException NOT_FOUND when there is no such stream of that ledger
     */
    public StreamDefinition describe(String ledgerName, String streamId) {
        return streamOf(ledgerName, streamId).definition();
    }

    /** The ledger's streams, terminal ones included, oldest first. */
    public List<StreamDefinition> list(String ledgerName) {
        return streams.values().stream().map(JournalStream::definition)
                .filter(definition -> definition.ledgerName().equals(ledgerName)).toList();
    }

    /**
     * Counters, position and lag of a stream since this manager started it.
     *
     * @throws LedgerException NOT_FOUND when there is no such stream
     */
    public StreamStatistics statistics(String streamId) {
        return stream(streamId).statistics();
    }

    /**
     * Cancels a stream: CANCELED is durable when this returns and no record is produced after it.
     *
     * @return the canceled stream's definition
     * @throws LedgerException          NOT_FOUND when there is no such stream
     * @throws StreamNotActiveException when it is already COMPLETED, CANCELED or FAILED
     */
    public synchronized StreamDefinition cancel(String streamId) {
        checkOpen();
        return stream(streamId).cancel();
    }

    /**
     * {@link #cancel(String)} for a stream of {@code ledgerName} (CancelJournalKinesisStream's path names both).
     *
     * @throws LedgerException          NOT_FOUND when there is no such stream of that ledger
     * @throws StreamNotActiveException when it is already COMPLETED, CANCELED or FAILED
     */
    public synchronized StreamDefinition cancel(String ledgerName, String streamId) {
        checkOpen();
        return streamOf(ledgerName, streamId).cancel();
    }

    /**
     * Applies a stream's state replicated from another node ({@link StreamCoordination#changed} there). A stream new
     * here is recorded (and started when this node runs its ledger's streams). A stream this node delivers keeps its
     * own state, except that a cancel made elsewhere cancels it. Otherwise the states merge: a terminal status stays,
     * else the replicated status is taken; the position is the larger of the two (each was recorded only after Kafka
     * acknowledged every earlier block), so entries applied twice or out of order change nothing.
     *
     * @throws LedgerException CORRUPTION when {@code state} is not a stream state, UNAVAILABLE when it cannot be
     *                         written here
     */
    public synchronized void applyReplicated(byte[] state) {
        if (closed) {
            return;
        }
        StreamState incoming = StreamStore.fromBytes(state);
        String streamId = incoming.definition().streamId();
        JournalStream current = streams.get(streamId);
        if (current != null && current.running()) {
            if (incoming.definition().status() == StreamStatus.CANCELED
                    && !current.definition().status().isTerminal()) {
                LOG.info("Stream {} was canceled through another node; stopping its delivery here", streamId);
                try {
                    current.cancel();
                } catch (StreamNotActiveException e) {
                    // it ended by itself meanwhile: its own terminal status stays
                }
            }
            return;
        }
        StreamState merged = current == null ? incoming : merge(current.state(), incoming);
        if (current != null && merged.equals(current.state())) {
            return;
        }
        store.writeLocally(merged);
        JournalStream replacement = new JournalStream(merged, store, ledgers, settings);
        Map<String, JournalStream> next = new LinkedHashMap<>(streams);
        next.put(streamId, replacement);
        streams = java.util.Collections.unmodifiableMap(next);
        if (current == null && !merged.definition().status().isTerminal()
                && coordination.runsStreamsOf(merged.definition().ledgerName())) {
            LOG.info("Running stream {} of ledger {} here from block {}", streamId, merged.definition().ledgerName(),
                    merged.nextSequenceNo());
            replacement.start();
        }
    }

    /** Forgets a stream removed on another node (its ledger was deleted there); nothing when unknown. */
    public synchronized void applyReplicatedRemoval(String streamId) {
        JournalStream stream = streams.get(streamId);
        if (closed || stream == null) {
            return;
        }
        stream.close();
        store.delete(streamId);
        Map<String, JournalStream> next = new LinkedHashMap<>(streams);
        next.remove(streamId);
        streams = java.util.Collections.unmodifiableMap(next);
    }

    /**
     * Makes delivery follow {@link StreamCoordination#runsStreamsOf}: starts (from the recorded position) every
     * non-terminal stream whose ledger this node runs now and does not deliver yet, and stops, at a recorded position
     * and without changing its status, every stream this node delivers but no longer runs. Call after the node's
     * roles changed; cheap when nothing did.
     */
    public synchronized void reconcile() {
        if (closed) {
            return;
        }
        Map<String, JournalStream> next = new LinkedHashMap<>(streams);
        boolean changed = false;
        for (JournalStream stream : streams.values()) {
            StreamDefinition definition = stream.definition();
            boolean runsHere = coordination.runsStreamsOf(definition.ledgerName());
            if (stream.running() && !runsHere) {
                stream.close();
                LOG.info("Stream {} of ledger {} stopped here at block {}: another node delivers it now",
                        definition.streamId(), definition.ledgerName(), stream.state().nextSequenceNo());
                next.put(definition.streamId(), new JournalStream(stream.state(), store, ledgers, settings));
                changed = true;
            } else if (!stream.running() && runsHere && !definition.status().isTerminal()) {
                JournalStream runner = stream.started()
                        ? new JournalStream(stream.state(), store, ledgers, settings) : stream;
                LOG.info("Running stream {} of ledger {} here from block {}", definition.streamId(),
                        definition.ledgerName(), runner.state().nextSequenceNo());
                runner.start();
                next.put(definition.streamId(), runner);
                changed = true;
            }
        }
        if (changed) {
            streams = java.util.Collections.unmodifiableMap(next);
        }
    }

    private static StreamState merge(StreamState local, StreamState incoming) {
        StreamDefinition definition = local.definition().status().isTerminal() ? local.definition()
                : incoming.definition();
        return new StreamState(definition, Math.max(local.nextSequenceNo(), incoming.nextSequenceNo()),
                local.createdAcknowledged() || incoming.createdAcknowledged());
    }

    /**
     * Forgets every stream of a ledger that is being deleted: stops them and removes their files (QLDB deletes a
     * ledger's streams with it).
     */
    public synchronized void removeLedger(String ledgerName) {
        checkOpen();
        Map<String, JournalStream> next = new LinkedHashMap<>(streams);
        for (JournalStream stream : streams.values()) {
            if (stream.definition().ledgerName().equals(ledgerName)) {
                stream.close();
                store.delete(stream.definition().streamId());
                next.remove(stream.definition().streamId());
                coordination.removed(stream.definition().streamId());
            }
        }
        streams = java.util.Collections.unmodifiableMap(next);
    }

    /** The time source of stream times; request checks (a start not in the future) read the same one. */
    public Clock clock() {
        return settings.clock();
    }

    /**
     * Stops every stream without changing its status (they resume when a manager is constructed on the directory
     * again), after giving records in flight {@link StreamSettings#closeTimeout()} to be acknowledged.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Signal all first so that their in-flight records drain in parallel, then wait for each.
        for (JournalStream stream : streams.values()) {
            stream.requestStop();
        }
        for (JournalStream stream : streams.values()) {
            stream.close();
        }
    }

    private JournalStream stream(String streamId) {
        JournalStream stream = streams.get(streamId);
        if (stream == null) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "stream " + streamId + " not found");
        }
        return stream;
    }

    private JournalStream streamOf(String ledgerName, String streamId) {
        JournalStream stream = streams.get(streamId);
        if (stream == null || !stream.definition().ledgerName().equals(ledgerName)) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "stream " + streamId + " of ledger " + ledgerName
                    + " not found");
        }
        return stream;
    }

    private void checkOpen() {
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the stream manager is closed");
        }
    }
}
