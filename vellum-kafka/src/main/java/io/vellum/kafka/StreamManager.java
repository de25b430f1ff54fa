package io.vellum.kafka;

import io.vellum.engine.Ledger;
import io.vellum.kafka.internal.JournalStream;
import io.vellum.kafka.internal.StreamState;
import io.vellum.kafka.internal.StreamStore;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
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
 * <p>Thread-safe: create, cancel, removeLedger and close are serialised; describe, list and statistics never wait
 * for them.
 */
public final class StreamManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    private final StreamStore store;
    private final LedgerSource ledgers;
    private final StreamSettings settings;
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
        this.store = new StreamStore(Objects.requireNonNull(directory, "directory"));
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
            if (!stream.definition().status().isTerminal()) {
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
        stream.start();
        LOG.info("Created stream {} ({}) of ledger {} from block {} to {}", streamId, request.streamName(), ledgerName,
                start, request.target());
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
