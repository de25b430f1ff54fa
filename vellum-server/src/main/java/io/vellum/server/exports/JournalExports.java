package io.vellum.server.exports;

import io.vellum.engine.IdGenerator;
import io.vellum.engine.Ledger;
import io.vellum.engine.export.ExportRequest;
import io.vellum.engine.export.ExportResult;
import io.vellum.engine.export.JournalExporter;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.LedgerInfo;
import io.vellum.server.hosting.LedgerRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal exports of a server (ExportJournalToS3 and friends): writes QLDB's export layout
 * ({@link JournalExporter}) into a directory per S3 bucket, in the background, and keeps every export's description
 * durable so that describe and list answer the same after a restart.
 *
 * <pre>
 * &lt;exports directory&gt;/&lt;bucket&gt;/&lt;prefix&gt;&lt;exportId&gt;.started.manifest  (then data objects and
 *                                                                            the completed manifest)
 * &lt;exports directory&gt;/.descriptions/&lt;exportId&gt;.json                  ({@link ExportDescriptionStore})
 * </pre>
 *
 * <p>Lifecycle of an export: {@link #start} checks the request, writes its started manifest (as QLDB does on
 * accepting it), records it IN_PROGRESS (forced to disk before the export id is returned) and queues it; an export
 * thread writes the files and records COMPLETED, or CANCELLED with the reason when the export fails (QLDB has no
 * FAILED status). An export still IN_PROGRESS when the server stops
 * runs again from the start at the next start (every file is written atomically under a deterministic name, so a
 * re-run replaces what the interrupted one wrote). At most {@value #MAXIMUM_CONCURRENT_EXPORTS_PER_LEDGER} exports
 * per ledger are IN_PROGRESS at once, QLDB's quota. Descriptions are kept until the files are removed by hand (QLDB
 * expires them after 7 days).
 *
 * <p>In a cluster ({@link ExportCoordination}) every node records every export (replicated), and only the node
 * that writes the export's ledger runs it: an export accepted by another node waits, IN_PROGRESS, until the writer
 * reads its description; the runner writes the started manifest and the objects into its own exports directory and
 * records the final status, which every node then shows. An export whose runner stops before it finished runs again,
 * from the start, on the ledger's next writer ({@link #reconcile}).
 *
 * <p>Thread-safe. {@link #close} before the ledgers are closed.
 */
public final class JournalExports implements AutoCloseable {
    /** QLDB's quota: concurrent journal exports per ledger (DOC limits.html). */
    public static final int MAXIMUM_CONCURRENT_EXPORTS_PER_LEDGER = 2;
    /** QLDB's bound on {@code S3ExportConfiguration.Prefix}. */
    public static final int MAXIMUM_PREFIX_LENGTH = 128;
    /** Export threads of a server: exports are disk-bound, so more threads would only compete for the same disk. */
    public static final int EXPORT_THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(JournalExports.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Path directory;
    private final LedgerRegistry registry;
    private final ExecutorService executor;
    private final Clock clock;
    private final IdGenerator ids;
    private final ExportDescriptionStore store;
    private final ExportCoordination coordination;
    private final ConcurrentHashMap<String, ExportDescription> descriptions = new ConcurrentHashMap<>();
    /** Exports queued or running on this node, so that a reconcile does not queue one twice. */
    private final java.util.Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Set by {@link #close}: exports that fail from then on are shutdown casualties, not failures. */
    private volatile boolean closing;

    /**
     * Opens the exports directory (creating it when absent), loads every description and queues again the exports
     * that were IN_PROGRESS when the server last stopped.
     *
     * @param executor runs the exports; owned (shut down by {@link #close}); see {@link #newExecutor()}
     * @throws LedgerException CORRUPTION when a description cannot be read, UNAVAILABLE when the directory cannot
     *                         be used
     */
    public JournalExports(Path directory, LedgerRegistry registry, ExecutorService executor, Clock clock,
                          IdGenerator ids) {
        this(directory, registry, executor, clock, ids, ExportCoordination.LOCAL);
    }

    /** As the constructor above; runs only the exports {@code coordination} says run here, and tells it of each. */
    public JournalExports(Path directory, LedgerRegistry registry, ExecutorService executor, Clock clock,
                          IdGenerator ids, ExportCoordination coordination) {
        this.coordination = Objects.requireNonNull(coordination, "coordination");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.store = new ExportDescriptionStore(directory);
        for (ExportDescription description : store.readAll()) {
            descriptions.put(description.exportId(), description);
        }
        for (ExportDescription description : list()) {
            if (description.status() == ExportStatus.IN_PROGRESS
                    && coordination.runsExportsOf(description.ledgerName())) {
                LOG.info("Export {} of ledger {} was in progress when the server stopped; running it again",
                        description.exportId(), description.ledgerName());
                queue(description.exportId());
            }
        }
    }

    /** {@value #EXPORT_THREADS} daemon threads named {@code vellum-export-N}. */
    public static ExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "vellum-export-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(EXPORT_THREADS, threads);
    }

    /**
     * Accepts an export: checks it, records it IN_PROGRESS and queues it. An {@code inclusiveStartTime} before the
     * ledger's creation is recorded as the creation time (QLDB's rule).
     *
     * @return the recorded description (IN_PROGRESS)
     * @throws LedgerException NOT_FOUND (no such ledger); INVALID_REQUEST (bucket name, prefix, an end time in the
     *                         future, a time range that ends before the ledger was created); LIMIT_EXCEEDED (the
     *                         ledger already has {@value #MAXIMUM_CONCURRENT_EXPORTS_PER_LEDGER} exports in
     *                         progress); UNAVAILABLE (shutting down, or the description cannot be written)
     */
    public synchronized ExportDescription start(ExportJob job) {
        if (closing) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the server is shutting down");
        }
        LedgerInfo ledger = registry.describe(job.ledgerName());
        BucketNames.requireValid(job.bucket());
        String prefixViolation = prefixViolation(job.prefix());
        if (prefixViolation != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Invalid S3 prefix: " + prefixViolation);
        }
        Instant now = clock.instant();
        if (job.exclusiveEndTime().isAfter(now)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "ExclusiveEndTime " + job.exclusiveEndTime()
                    + " is in the future (now is " + now + "); an export covers committed blocks only");
        }
        ExportJob accepted = job.inclusiveStartTime().isBefore(ledger.creationDateTime())
                ? job.withInclusiveStartTime(ledger.creationDateTime()) : job;
        if (!accepted.inclusiveStartTime().isBefore(accepted.exclusiveEndTime())) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the time range [" + accepted.inclusiveStartTime()
                    + ", " + accepted.exclusiveEndTime() + ") is empty: InclusiveStartTime must be before "
                    + "ExclusiveEndTime, and ExclusiveEndTime after the ledger's creation at "
                    + ledger.creationDateTime());
        }
        long running = descriptions.values().stream()
                .filter(description -> description.ledgerName().equals(job.ledgerName()))
                .filter(description -> description.status() == ExportStatus.IN_PROGRESS).count();
        if (running >= MAXIMUM_CONCURRENT_EXPORTS_PER_LEDGER) {
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "ledger " + job.ledgerName() + " already has "
                    + running + " journal exports in progress; the limit is " + MAXIMUM_CONCURRENT_EXPORTS_PER_LEDGER
                    + " concurrent exports per ledger");
        }
        String exportId = ids.nextId();
        while (descriptions.containsKey(exportId)) {
            exportId = ids.nextId();
        }
        ExportDescription description = new ExportDescription(exportId, now.truncatedTo(ChronoUnit.MILLIS), accepted,
                ExportStatus.IN_PROGRESS, null);
        // QLDB writes the started manifest when it accepts the request (COMPATIBILITY.md §11.1), so it is there once the export
        // id is returned; a failure here refuses the request before anything is recorded. In a cluster the node that
        // runs the export writes it (into its own exports directory) when it starts the export.
        boolean runsHere = coordination.runsExportsOf(job.ledgerName());
        if (runsHere) {
            writeStartedManifest(exportId, accepted);
        }
        store.write(description);
        coordination.changed(exportId, ExportDescriptionStore.bytes(description));
        descriptions.put(exportId, description);
        if (runsHere) {
            queue(exportId);
        }
        LOG.info("Export {} of ledger {} accepted: blocks in [{}, {}) to {}{}", exportId, job.ledgerName(),
                accepted.inclusiveStartTime(), accepted.exclusiveEndTime(), objectLocation(accepted),
                runsHere ? "" : " of the ledger's writer node, which runs it");
        return description;
    }

    /**
     * Applies a description replicated from another node ({@link ExportCoordination#changed} there): recorded here
     * unless this node already has it in a final status (a final status never goes back to IN_PROGRESS), and queued
     * when it is IN_PROGRESS and this node runs its ledger's exports. Applying it twice changes nothing.
     *
     * @throws LedgerException CORRUPTION when {@code description} is not a description, UNAVAILABLE when it cannot
     *                         be written here
     */
    public void applyReplicated(byte[] description) {
        ExportDescription incoming = ExportDescriptionStore.fromBytes(description, "from the cluster catalog");
        synchronized (this) {
            ExportDescription current = descriptions.get(incoming.exportId());
            if (incoming.equals(current) || (current != null && current.status() != ExportStatus.IN_PROGRESS)) {
                return;
            }
            store.write(incoming);
            descriptions.put(incoming.exportId(), incoming);
        }
        if (incoming.status() == ExportStatus.IN_PROGRESS && coordination.runsExportsOf(incoming.ledgerName())) {
            queue(incoming.exportId());
        }
    }

    /** Queues every IN_PROGRESS export whose ledger this node runs now and that is not queued here yet. */
    public void reconcile() {
        for (ExportDescription description : descriptions.values()) {
            if (description.status() == ExportStatus.IN_PROGRESS
                    && coordination.runsExportsOf(description.ledgerName())) {
                queue(description.exportId());
            }
        }
    }

    private void queue(String exportId) {
        if (closing || !queued.add(exportId)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    run(exportId);
                } finally {
                    queued.remove(exportId);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.remove(exportId); // shutting down: it runs again at the next start
        }
    }

    private void writeStartedManifest(String exportId, ExportJob job) {
        try {
            JournalExporter.writeStartedManifest(bucketDirectory(job.bucket()), request(exportId, job));
        } catch (java.io.IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write the started manifest of export " + exportId
                    + " to " + objectLocation(job) + ": " + e, e);
        }
    }

    /**
     * The export, if it belongs to {@code ledgerName} (QLDB's path names both; an export of another ledger is not
     * found).
     *
     * @throws LedgerException NOT_FOUND
     */
    public ExportDescription describe(String ledgerName, String exportId) {
        ExportDescription description = exportId == null ? null : descriptions.get(exportId);
        if (description == null || !description.ledgerName().equals(ledgerName)) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "export " + exportId + " of ledger " + ledgerName
                    + " not found");
        }
        return description;
    }

    /** Every export, newest first (QLDB's order in the AWS CLI's example), then by id. */
    public List<ExportDescription> list() {
        return descriptions.values().stream()
                .sorted(Comparator.comparing(ExportDescription::exportCreationTime).reversed()
                        .thenComparing(ExportDescription::exportId))
                .toList();
    }

    /** The exports of one ledger (also of a deleted one: the files outlive it), newest first. */
    public List<ExportDescription> list(String ledgerName) {
        return list().stream().filter(description -> description.ledgerName().equals(ledgerName)).toList();
    }

    /** Where S3 bucket {@code bucket} lives: {@code <exports directory>/<bucket>}. */
    public Path bucketDirectory(String bucket) {
        return directory.resolve(BucketNames.requireValid(bucket));
    }

    /**
     * Which rule {@code prefix} breaks, or null: at most {@value #MAXIMUM_PREFIX_LENGTH} characters, no leading '/',
     * no '..', no backslash and no control characters, so every object key stays inside its bucket directory and
     * means the same on every file system.
     */
    public static String prefixViolation(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        if (prefix.length() > MAXIMUM_PREFIX_LENGTH) {
            return "a prefix has at most " + MAXIMUM_PREFIX_LENGTH + " characters, '" + prefix + "' has "
                    + prefix.length();
        }
        if (prefix.startsWith("/") || prefix.contains("..") || prefix.contains("\\")) {
            return "a prefix must not start with '/' or contain '..' or '\\': '" + prefix + "'";
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.isISOControl(prefix.charAt(i))) {
                return "a prefix must not contain control characters";
            }
        }
        return null;
    }

    /** The time source of export times; request checks (an end not in the future) read the same one. */
    public Clock clock() {
        return clock;
    }

    /**
     * Stops accepting exports and waits up to {@value #CLOSE_WAIT_MILLIS} ms for running ones. Exports are not
     * interrupted (they read the journal); one still running when the ledgers close fails, and since the server is
     * closing it stays IN_PROGRESS and runs again at the next start.
     */
    @Override
    public void close() {
        closing = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.info("Exports still running at shutdown stay IN_PROGRESS and run again at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(String exportId) {
        ExportDescription description = descriptions.get(exportId);
        if (closing || description == null || description.status() != ExportStatus.IN_PROGRESS) {
            return;
        }
        ExportJob job = description.job();
        if (!coordination.runsExportsOf(job.ledgerName())) {
            return; // the writer moved away before the export started: the ledger's next writer runs it
        }
        long started = System.nanoTime();
        try {
            if (coordination != ExportCoordination.LOCAL) {
                // Accepted by another node, which wrote no manifest: the same bytes under the same name here.
                writeStartedManifest(exportId, job);
            }
            Ledger ledger = registry.ledger(job.ledgerName());
            ExportResult result = JournalExporter.export(ledger, bucketDirectory(job.bucket()),
                    request(exportId, job));
            record(description.completed());
            LOG.info("Export {} of ledger {} COMPLETED: {} blocks ({}..{}) in {} object(s) under {}, {} ms", exportId,
                    job.ledgerName(), result.blocks(), result.firstSequenceNo(), result.lastSequenceNo(),
                    result.keys().size(), objectLocation(job), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            if (closing) {
                LOG.info("Export {} of ledger {} stopped by shutdown ({}); it runs again at the next start", exportId,
                        job.ledgerName(), e.toString());
                return;
            }
            String reason = e instanceof LedgerException ? e.getMessage() : e.toString();
            if (e instanceof LedgerException) {
                LOG.warn("Export {} of ledger {} failed and is CANCELLED: {}", exportId, job.ledgerName(), reason);
            } else {
                LOG.error("Export {} of ledger {} failed and is CANCELLED", exportId, job.ledgerName(), e);
            }
            record(description.cancelled(reason));
        }
    }

    /** Records a final status; in memory even when the disk refuses (the export then runs again after a restart). */
    private void record(ExportDescription description) {
        descriptions.put(description.exportId(), description);
        try {
            store.write(description);
            coordination.changed(description.exportId(), ExportDescriptionStore.bytes(description));
        } catch (LedgerException e) {
            LOG.error("Export {} is {} but its description could not be written: {}", description.exportId(),
                    description.status(), e.getMessage());
        }
    }

    /** The engine's request for {@code job}; the started manifest names the format only when the job did. */
    private static ExportRequest request(String exportId, ExportJob job) {
        return new ExportRequest(job.ledgerName(), exportId, job.inclusiveStartTime(), job.exclusiveEndTime(),
                job.prefix(), job.bucket(), job.effectiveFormat(), job.outputFormat() != null);
    }

    private Path objectLocation(ExportJob job) {
        return directory.resolve(job.bucket()).resolve(job.prefix());
    }
}
