package io.vellum.server.cluster;

import com.amazon.ion.IonException;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.cluster.ClusterCatalog;
import io.vellum.kafka.StreamCoordination;
import io.vellum.kafka.StreamManager;
import io.vellum.error.LedgerException;
import io.vellum.server.exports.ExportCoordination;
import io.vellum.server.exports.JournalExports;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal streams and exports of a cluster node: each runs on its ledger's writer node only, and every node knows
 * every one of them through the cluster catalog.
 *
 * <p>Catalog keys: {@code stream/<streamId>} → the stream's state (definition, status, position: the bytes of its
 * stream file), a tombstone when its ledger was deleted; {@code export/<exportId>} → the export's description (the
 * JSON of its description file). The node that delivers a stream republishes its state at every durable change
 * (at most every 100 ms per stream while blocks flow), so a new writer resumes it from the last position any writer
 * recorded; a position is recorded only after Kafka acknowledged every earlier block, so resuming there repeats
 * blocks (same message keys, a consumer deduplicates) and never skips one.
 *
 * <p>Entries read before the node's stream manager and exports exist are kept and applied when they
 * {@link #attach}; entries are applied in catalog order on a thread of this object. Delivery follows the writer: {@link #rolesChanged} (called by the node's reconciler) starts the
 * streams and exports of ledgers this node writes now and stops the streams of ledgers it no longer writes, on a
 * thread of its own (stopping a stream waits for its records in flight). Thread-safe.
 */
final class ClusterJournalOutputs implements StreamCoordination, ExportCoordination, AutoCloseable {
    static final String STREAM = "stream/";
    static final String EXPORT = "export/";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJournalOutputs.class);
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private final Predicate<String> writesHere;
    private final Supplier<ClusterCatalog> catalog;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vellum-cluster-outputs");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    /** The status of each stream as this node last published it (a change of status is published synchronously). */
    private final Map<String, String> publishedStatus = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: entries read before {@link #attach}, last per key. */
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private volatile StreamManager streams;
    private volatile JournalExports exports;

    /**
     * @param writesHere whether this node writes a ledger now
     * @param catalog    the node's catalog (null until it joined)
     */
    ClusterJournalOutputs(Predicate<String> writesHere, Supplier<ClusterCatalog> catalog) {
        this.writesHere = writesHere;
        this.catalog = catalog;
    }

    /** Starts applying catalog entries to {@code streams} and {@code exports}, those read so far first. */
    void attach(StreamManager streamManager, JournalExports journalExports) {
        Map<String, byte[]> earlier;
        synchronized (this) {
            this.streams = streamManager;
            this.exports = journalExports;
            earlier = new LinkedHashMap<>(pending);
            pending.clear();
        }
        earlier.forEach(this::applyLater);
        rolesChanged();
    }

    /** Whether {@code key} is one of this class's catalog keys. */
    static boolean owns(String key) {
        return key.startsWith(STREAM) || key.startsWith(EXPORT);
    }

    /** Applies one catalog entry (on the catalog's thread); {@code value} null is a tombstone. */
    void apply(String key, byte[] value) {
        synchronized (this) {
            if (streams == null) {
                pending.remove(key);
                pending.put(key, value);
                return;
            }
        }
        applyLater(key, value);
    }

    /**
     * On this object's thread, in catalog order: applying can wait for a stream to stop, which must not hold up the
     * catalog's thread (writer announcements travel there).
     */
    private void applyLater(String key, byte[] value) {
        try {
            worker.execute(() -> applyAttached(key, value));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void applyAttached(String key, byte[] value) {
        try {
            if (key.startsWith(STREAM)) {
                if (value == null) {
                    streams.applyReplicatedRemoval(key.substring(STREAM.length()));
                } else {
                    streams.applyReplicated(value);
                }
            } else if (key.startsWith(EXPORT) && value != null) {
                exports.applyReplicated(value);
            }
        } catch (LedgerException e) {
            LOG.error("Catalog entry {} could not be applied: {}", key, e.getMessage());
        }
    }

    /**
     * Returns once every entry handed to {@link #apply} before this call has been applied (this object's thread
     * runs them in order, so a no-op queued now runs after them), or when {@code timeout} passed.
     *
     * @return whether they were applied in time
     */
    boolean awaitApplied(Duration timeout) {
        if (streams == null) {
            return true; // not attached: entries wait in pending and are applied, first of all, at attach
        }
        try {
            worker.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The node's roles may have changed: moves delivery to match, soon, on this object's thread. */
    void rolesChanged() {
        if (streams == null || !reconcileQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                reconcileQueued.set(false);
                try {
                    streams.reconcile();
                    exports.reconcile();
                } catch (RuntimeException e) {
                    LOG.error("Moving journal streams and exports to this node's roles failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            reconcileQueued.set(false); // closing
        }
    }

    // ---- StreamCoordination and ExportCoordination

    @Override
    public boolean runsStreamsOf(String ledgerName) {
        return writesHere.test(ledgerName);
    }

    @Override
    public boolean runsExportsOf(String ledgerName) {
        return writesHere.test(ledgerName);
    }

    /**
     * Where this node runs the stream (its writer), a change of its position is progress that the next change
     * republishes: sent without waiting, in order. Every other change — a new stream, a new status (a cancel, a
     * completion), and every change on a node that does not run it — is published before this returns, so the
     * request that made it is answered only once the catalog has it: another node that reads the catalog to its end
     * then sees it (read-your-writes, {@link ClusterNode}). Until 2026-12-06 a stream created through its writer was
     * published without waiting, and Describe through another node right after the answer could not find it.
     */
    @Override
    public void changed(String ledgerName, String streamId, byte[] state) {
        ClusterCatalog current = requireCatalog();
        String status = statusOf(state);
        boolean progressOnly = status != null && status.equals(publishedStatus.get(streamId));
        if (writesHere.test(ledgerName) && progressOnly) {
            current.publishLater(STREAM + streamId, state);
        } else {
            current.publish(STREAM + streamId, state);
        }
        if (status != null) {
            publishedStatus.put(streamId, status);
        }
    }

    /** The {@code status} of a stream state (an Ion struct), or null when it has none. */
    private static String statusOf(byte[] state) {
        try {
            IonValue value = ION.singleValue(state);
            if (value instanceof IonStruct struct && struct.get("status") instanceof IonText text) {
                return text.stringValue();
            }
        } catch (IonException e) {
            // not a stream state this class knows: the caller publishes it synchronously
        }
        return null;
    }

    @Override
    public void removed(String streamId) {
        publishedStatus.remove(streamId);
        requireCatalog().publishLater(STREAM + streamId, null);
    }

    @Override
    public void changed(String exportId, byte[] description) {
        requireCatalog().publish(EXPORT + exportId, description);
    }

    private ClusterCatalog requireCatalog() {
        ClusterCatalog current = catalog.get();
        if (current == null) {
            throw new LedgerException(io.vellum.error.ErrorCode.UNAVAILABLE,
                    "this node has not joined its cluster yet");
        }
        return current;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
