package io.vellum.engine.internal;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.Transaction;
import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.internal.apply.BlockApplier;
import io.vellum.engine.internal.apply.CommittedStateCache;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.engine.internal.commit.CommitRequest;
import io.vellum.engine.internal.commit.Committer;
import io.vellum.engine.internal.commit.LedgerReplica;
import io.vellum.engine.internal.redaction.JournalRedactor;
import io.vellum.engine.internal.redaction.RedactedBlockRecord;
import io.vellum.engine.internal.commit.CommitContext;
import io.vellum.engine.internal.transaction.HotDocumentLocks;
import io.vellum.engine.internal.transaction.LedgerTransaction;
import io.vellum.engine.internal.transaction.TransactionContext;
import io.vellum.engine.internal.transaction.TransactionSnapshot;
import io.vellum.engine.journal.DamagedRecord;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalAccess;
import io.vellum.engine.journal.JournalEntry;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.query.QueryEngine;
import io.vellum.engine.store.BlockLocation;
import io.vellum.engine.store.StateStore;
import io.vellum.engine.store.StoreSnapshot;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.TransactionInfo;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The running state of one open ledger: journal, state store, committer thread and the published view that new
 * transactions start from. {@link io.vellum.engine.Ledger} is its public face.
 *
 * <p>Opening replays every journal block the state store has not applied (the store runs without its own
 * write-ahead log), so a crash at any instant loses nothing that was acknowledged.
 *
 * <p>The stages see it only through their narrow views: transactions through {@link TransactionContext}, the
 * committer and the follower path through {@link CommitContext}; redaction through its public accessors.
 */
public final class LedgerCore implements AutoCloseable, CommitContext, TransactionContext {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerCore.class);
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private final IonSystem ion = ION;
    private final LedgerOptions options;
    private final StateStore store;
    private final Journal journal;
    private final QueryEngine queries;
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final CommittedStateCache cache;
    private final JournalRedactor redactor = new JournalRedactor(this);
    private final ReentrantReadWriteLock publishLock = new ReentrantReadWriteLock();
    /** Notified after every publish, so block followers wake up without polling. */
    private final Object committedSignal = new Object();
    private final Map<LedgerTransaction, Long> activeSnapshots = new ConcurrentHashMap<>();
    /** Null when read-only. */
    private final Committer committer;
    private final boolean readOnly;
    private final Thread committerThread;
    private final LedgerReplica replica;
    private final HotDocumentLocks hotDocuments;
    private final String strandId;
    private volatile Published published;
    private volatile LedgerException failure;
    private volatile boolean closed;

    private record Published(long sequenceNo, Catalog catalog) {
    }

    private LedgerCore(Path directory, LedgerOptions options, boolean readOnly) {
        this.options = options;
        this.readOnly = readOnly;
        this.cache = new CommittedStateCache(options.committedCacheEntries());
        this.hotDocuments = new HotDocumentLocks(options.hotDocumentLockWait().toNanos());
        this.queries = new QueryEngine(ion);
        if (readOnly && !Journal.exists(directory.resolve("journal"))) {
            // Checked before the state store opens (which creates its directory): read-only creates nothing.
            throw new LedgerException(ErrorCode.NOT_FOUND, "there is no ledger in " + directory.getFileName()
                    + " (it has no journal)");
        }
        StateStore openedStore = StateStore.open(directory.resolve("state"));
        Journal openedJournal;
        try {
            openedJournal = Journal.open(directory.resolve("journal"),
                    new JournalOptions(options.journalSegmentSize()), openedStore.lastAppliedSequenceNo(),
                    readOnly ? JournalAccess.READ_ONLY : JournalAccess.SERVING);
        } catch (RuntimeException e) {
            openedStore.close();
            throw e;
        }
        this.store = openedStore;
        this.journal = openedJournal;
        try {
            refuseDamageTheStateNeeds();
            BlockApplier applier = new BlockApplier(ion, store, loadCatalog(), options.stateFlushRevisions());
            if (journal.nextSequenceNo() == 0) {
                writeGenesis();
            }
            replay(applier);
            long tip = store.lastAppliedSequenceNo();
            BlockLocation tipLocation = store.block(tip);
            JournalBlock tipBlock = readBlock(tip, tipLocation);
            this.strandId = tipBlock.blockAddress().strandId();

            this.published = new Published(tip, applier.catalog());
            if (!readOnly && redactor.rewriteJournal() > 0) {
                redactor.purgeStore(-1); // finishes redactions a crash interrupted; no snapshot is open yet
            }
            this.committer = readOnly ? null : new Committer(this, journal, applier, options.clock(), strandId,
                    tip + 1, tipBlock.blockHash(), options.commitLinger());
        } catch (RuntimeException e) {
            journal.close();
            store.close();
            throw e;
        }
        if (!journal.damagedRecords().isEmpty()) {
            failed(new LedgerException(ErrorCode.CORRUPTION, "the journal is damaged: " + journal.damagedRecords()
                    .stream().map(DamagedRecord::describe).collect(java.util.stream.Collectors.joining("; "))));
            LOG.error("Ledger {} opened with damaged journal records: it serves reads of everything else and "
                    + "refuses writes: {}", directory, failure.getMessage());
        }
        // A read-only ledger has no committer, and so no replica role to take.
        this.replica = committer == null ? null : new LedgerReplica(this, committer);
        if (committer != null) {
            this.committerThread = new Thread(committer, "vellum-committer-" + directory.getFileName());
            committerThread.setDaemon(true);
            committerThread.start();
        } else {
            this.committerThread = null;
        }
        if (journal.segmentCount() > 1) {
            Thread scrub = new Thread(this::scrubJournal, "vellum-scrub-" + directory.getFileName());
            scrub.setDaemon(true);
            scrub.setPriority(Thread.MIN_PRIORITY);
            scrub.start();
        }
    }

    /**
     * A damaged record the state store has not applied yet cannot be replayed, so the current state cannot be
     * rebuilt: refuse to open (serving the state without it would answer with stale data) rather than degrade.
     */
    private void refuseDamageTheStateNeeds() {
        for (DamagedRecord damaged : journal.damagedRecords()) {
            if (damaged.sequenceNo() > store.lastAppliedSequenceNo()) {
                throw new LedgerException(ErrorCode.CORRUPTION, "the journal is damaged at " + damaged.describe()
                        + "; the state store has applied blocks only up to " + store.lastAppliedSequenceNo()
                        + ", so the ledger's current state cannot be rebuilt without it and the ledger refuses to "
                        + "open");
            }
        }
        if (readOnly && journal.nextSequenceNo() == 0) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "the ledger's journal holds no block");
        }
    }

    /**
     * Reads the whole journal once after open, checking every record's CRC and sequence number. Open itself scans
     * only the last segment, so that reopen time does not grow with the journal; damage in an earlier segment
     * would otherwise surface only when its block is read. Damage found stops the ledger: every later transaction
     * fails with CORRUPTION naming the block (reads of intact blocks and proofs still work, and a full verify says
     * more).
     */
    private void scrubJournal() {
        long start = System.nanoTime();
        try {
            journal.verifyAll();
            LOG.info("Journal scrub after open: {} segments intact, in {} ms", journal.segmentCount(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (LedgerException e) {
            if (closed) {
                return;
            }
            if (e.code() == ErrorCode.CORRUPTION) {
                LOG.error("Journal scrub after open found damage; the ledger refuses new transactions: {}",
                        e.getMessage());
                failed(e);
            } else {
                LOG.warn("Journal scrub after open stopped: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Journal scrub after open stopped: {}", e.toString());
            }
        }
    }

    /**
     * Opens (creating when absent) the ledger stored in {@code directory}. A torn journal tail (never acknowledged)
     * is quarantined and cut ({@link #tailCut()}); damage to an acknowledged block the state store has applied
     * leaves the ledger open with reads served and writes refused ({@link #failure()}); any other damage fails the
     * open with CORRUPTION naming the block.
     */
    public static LedgerCore open(Path directory, LedgerOptions options) {
        // The journal and the state store create their directories (and so this one): only they touch files.
        return new LedgerCore(directory, options, false);
    }

    /**
     * Opens the existing ledger in {@code directory} without changing its journal: no tail is cut (a torn one is
     * reported in {@link #tailCut()} and left), no genesis block, no committer; transactions may read, and a write
     * fails with INVALID_REQUEST. The state store is brought up to date from the journal if it lags (it is derived
     * data; that is the only write).
     *
     * @throws LedgerException NOT_FOUND when there is no ledger; CORRUPTION as for {@link #open}
     */
    public static LedgerCore openReadOnly(Path directory, LedgerOptions options) {
        return new LedgerCore(directory, options, true);
    }

    /** What opening found at the end of the journal and cut (or, read-only, left); empty for a clean end. */
    public java.util.Optional<io.vellum.engine.journal.TailCut> tailCut() {
        return journal.tailCut();
    }

    /** Damaged journal records found on open (reads of them fail; the ledger refuses writes). */
    public List<DamagedRecord> damagedRecords() {
        return journal.damagedRecords();
    }

    /**
     * Why the ledger stopped accepting writes, if it did: CORRUPTION when damage was found (reads of intact data
     * still work), UNAVAILABLE after a failed journal write (nothing works until reopened).
     */
    public java.util.Optional<LedgerException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    private void writeGenesis() {
        String strand = options.ids().nextId();
        JournalBlock genesis = JournalBlock.seal(new BlockAddress(strand, 0), options.ids().nextId(),
                Timestamp.forMillis(options.clock().millis(), 0), Hash.EMPTY,
                new TransactionInfo(List.of(), Map.of()), List.of());
        journal.append(List.of(genesis.toIonBinary()));
    }

    private void replay(BlockApplier applier) {
        long from = store.lastAppliedSequenceNo() + 1;
        if (from >= journal.nextSequenceNo()) {
            return;
        }
        long start = System.nanoTime();
        long blocks = journal.nextSequenceNo() - from;
        int inBatch = 0;
        for (Iterator<JournalEntry> entries = journal.readFrom(from); entries.hasNext(); ) {
            JournalEntry entry = entries.next();
            JournalBlock block = decode(entry.sequenceNo(), entry.payload());
            JournalPosition position = entry.position();
            applier.apply(block, new BlockLocation(position.segmentFirstSequenceNo(), position.offset(),
                    position.length(), block.blockTimestamp().getMillis(), block.blockHash()), Map.of(), Map.of());
            if (++inBatch == 1000) {
                applier.writePending();
                inBatch = 0;
            }
        }
        applier.writePending();
        LOG.info("Replayed {} journal blocks ({}..{}) into the state store in {} ms", blocks, from,
                journal.nextSequenceNo() - 1, (System.nanoTime() - start) / 1_000_000);
    }

    private Catalog loadCatalog() {
        Catalog catalog = Catalog.EMPTY;
        try (StoreSnapshot snapshot = store.snapshot()) {
            java.util.List<io.vellum.engine.query.TableHandle> tables = new java.util.ArrayList<>();
            snapshot.forEachLiveDocument(Catalog.TABLE_ID, (tableId, version) -> {
                tables.add(Catalog.fromDocument(tableId, StoredRevision.data(ion,
                        snapshot.revision(Catalog.TABLE_ID, tableId, version), "catalog revision of " + tableId)));
            });
            snapshot.forEachImplicitTable((tableId, name) -> {
                if (tables.stream().noneMatch(t -> t.tableId().equals(tableId))) {
                    tables.add(new io.vellum.engine.query.TableHandle(tableId, name, true, List.of()));
                }
            });
            for (io.vellum.engine.query.TableHandle table : tables) {
                catalog = catalog.with(table);
            }
        }
        return catalog;
    }

    /** Reads and parses one block, checking it is the block the store says it is. */
    public JournalBlock readBlock(long sequenceNo, BlockLocation location) {
        JournalBlock block = decode(sequenceNo, readBlockBytes(sequenceNo, location));
        if (!block.blockHash().equals(location.blockHash())) {
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + sequenceNo + " in the journal has hash "
                    + block.blockHash() + " but the state store recorded " + location.blockHash());
        }
        return block;
    }

    /**
     * Parses a journal record's payload as a block. A record whose CRC holds but whose bytes are no block was
     * damaged before it was written (or by a bug): CORRUPTION naming the block, like any other damage (the parser's
     * own words go to the log only: they are library text).
     */
    private static JournalBlock decode(long sequenceNo, byte[] payload) {
        try {
            return JournalBlock.fromIonBinary(payload);
        } catch (LedgerException e) {
            if (RedactedBlockRecord.isCompact(ION, payload)) {
                return RedactedBlockRecord.decode(ION, payload);
            }
            LOG.error("Block {}: its journal record passes its CRC32C check but does not decode: {}", sequenceNo,
                    e.getMessage());
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + sequenceNo + " (sequenceNo " + sequenceNo
                    + "): its journal record passes its CRC32C check but is not a valid block (details in the "
                    + "server log)", e);
        }
    }

    /**
     * A block's journal record (CRC-checked), as located by the state store, as the full block's Ion binary (a
     * record rewritten by a redaction is expanded from its compact form, {@link RedactedBlockRecord}).
     */
    public byte[] readBlockBytes(long sequenceNo, BlockLocation location) {
        if (location == null) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "block " + sequenceNo + " is not committed");
        }
        byte[] payload = journal.read(sequenceNo, new JournalPosition(location.segmentFirstSequenceNo(),
                location.offset(), location.length()));
        // A record a redaction rewrote holds the compact form: readers of raw bytes get the full block, as ever.
        return RedactedBlockRecord.isCompact(ion, payload) ? RedactedBlockRecord.decode(ion, payload).toIonBinary()
                : payload;
    }

    public String strandId() {
        return strandId;
    }

    /**
     * Whether {@code EXEC redact_revision} can run: a writable ledger, single-node or a cluster's writer (every
     * follower applies the redaction block the same way, {@link LedgerReplica#apply}).
     */
    @Override
    public boolean redactionSupported() {
        return committer != null;
    }

    /**
     * Internal, for cluster mode: this ledger's role and follower path.
     *
     * @throws LedgerException INVALID_REQUEST for a ledger opened read-only, which takes no role
     */
    public LedgerReplica replica() {
        if (replica == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a ledger opened read-only is neither writer nor "
                    + "follower of a cluster");
        }
        return replica;
    }

    public StateStore store() {
        return store;
    }

    public Journal journal() {
        return journal;
    }

    public IonSystem ion() {
        return ion;
    }

    public LedgerOptions options() {
        return options;
    }

    /** Sequence number of the newest block visible to new transactions. */
    public long committedSequenceNo() {
        return published.sequenceNo();
    }

    @Override
    public QueryEngine queries() {
        return queries;
    }

    @Override
    public CommittedStateCache cache() {
        return cache;
    }

    @Override
    public void conflictDetected() {
        conflicts.increment();
    }

    @Override
    public void countCommit() {
        commits.increment();
    }

    @Override
    public int rewriteRedactedJournalRecords() {
        return redactor.rewriteJournal();
    }

    @Override
    public void purgeRedactedRevisions(long redactionSequenceNo) {
        redactor.purgeStore(redactionSequenceNo);
    }

    public long conflictCount() {
        return conflicts.sum();
    }

    public long commitCount() {
        return commits.sum();
    }

    public long cacheHits() {
        return cache.hits();
    }

    public long cacheMisses() {
        return cache.misses();
    }

    /** Whether block {@code sequenceNo} is the newest published one (a cheap pre-check for {@link #cacheIfCurrent}). */
    boolean isNewestPublished(long sequenceNo) {
        return published.sequenceNo() == sequenceNo;
    }

    /**
     * Runs {@code addition} (which adds state as of block {@code sequenceNo} to the {@link CommittedStateCache}) if
     * that block is still the newest published one, holding the publish lock's read side so that no block can be
     * published, and no entry invalidated, meanwhile.
     */
    @Override
    public void cacheIfCurrent(long sequenceNo, Runnable addition) {
        if (!cache.enabled() || !isNewestPublished(sequenceNo)) {
            return;
        }
        publishLock.readLock().lock();
        try {
            if (isNewestPublished(sequenceNo)) {
                addition.run();
            }
        } finally {
            publishLock.readLock().unlock();
        }
    }

    /** Starts a transaction on the current published state; also when damaged (it can read, not write). */
    public Transaction begin() {
        return begin(System.nanoTime());
    }

    /**
     * Starts a transaction whose priority for hot documents' locks is {@code priorityNanos} ({@link System#nanoTime()}
     * of the first attempt of the work it runs; smaller wins).
     */
    public Transaction begin(long priorityNanos) {
        return begin(priorityNanos, true);
    }

    /**
     * {@link #begin(long)}, with {@code boundToThread} false for a transaction whose statements may come from any
     * thread ({@link LedgerTransaction#LedgerTransaction(TransactionContext, String, long, boolean)}).
     */
    public Transaction begin(long priorityNanos, boolean boundToThread) {
        return begin(priorityNanos, boundToThread, null);
    }

    /**
     * {@link #begin(long, boolean)} for a retry whose previous attempt died for the lock of the hot document
     * {@code lockFirst} (or null): the retry takes that lock before anything else
     * ({@link LedgerTransaction#LedgerTransaction(TransactionContext, String, long, boolean, String)}).
     */
    public Transaction begin(long priorityNanos, boolean boundToThread, String lockFirst) {
        checkReadable();
        return new LedgerTransaction(this, options.ids().nextId(), priorityNanos, boundToThread, lockFirst);
    }

    @Override
    public HotDocumentLocks hotDocuments() {
        return hotDocuments;
    }

    /** Called by a new transaction: its snapshot, sequence number and catalog, taken atomically. */
    @Override
    public TransactionSnapshot beginSnapshot(LedgerTransaction transaction) {
        publishLock.readLock().lock();
        try {
            Published current = published;
            activeSnapshots.put(transaction, current.sequenceNo());
            return new TransactionSnapshot(store.snapshot(), current.sequenceNo(), current.catalog());
        } finally {
            publishLock.readLock().unlock();
        }
    }

    @Override
    public void endSnapshot(LedgerTransaction transaction) {
        activeSnapshots.remove(transaction);
    }

    @Override
    public long oldestActiveSnapshot() {
        long oldest = published.sequenceNo();
        for (long sequenceNo : activeSnapshots.values()) {
            oldest = Math.min(oldest, sequenceNo);
        }
        return oldest;
    }

    /**
     * Applies committed blocks and makes them visible, atomically with respect to {@link #beginSnapshot} and
     * {@link #cacheIfCurrent}; {@code apply} also invalidates the cache entries of what the blocks write.
     */
    @Override
    public void publish(Supplier<Catalog> apply, long sequenceNo) {
        publishLock.writeLock().lock();
        try {
            Catalog catalog = apply.get();
            published = new Published(sequenceNo, catalog);
        } finally {
            publishLock.writeLock().unlock();
        }
        synchronized (committedSignal) {
            committedSignal.notifyAll();
        }
    }

    /**
     * Waits until block {@code sequenceNo} is committed and visible, the ledger closes, or the timeout passes.
     *
     * @return whether the block is committed
     */
    public boolean awaitCommitted(long sequenceNo, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (committedSignal) {
            // A damaged (CORRUPTION) ledger still serves reads, so waiters wait out their timeout rather than spin.
            while (published.sequenceNo() < sequenceNo && !closed
                    && (failure == null || failure.code() == ErrorCode.CORRUPTION)) {
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    return false;
                }
                committedSignal.wait(remaining);
            }
        }
        return published.sequenceNo() >= sequenceNo;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void submit(CommitRequest request) {
        checkWritable();
        committer.submit(request);
    }

    @Override
    public void failed(LedgerException cause) {
        if (failure == null) {
            failure = cause; // the first failure stays the reason
        }
    }

    /**
     * Refuses a write before it is even staged: CORRUPTION (naming the damage) on a damaged ledger, INVALID_REQUEST
     * when read-only, UNAVAILABLE when closed or stopped.
     */
    @Override
    public void checkWritable() {
        if (readOnly) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the ledger is open read-only: writes are refused");
        }
        checkUsable();
    }

    /** Reads need only the published state: refused when closed or after a failed write, not for damage. */
    private void checkReadable() {
        if (failure != null && failure.code() != ErrorCode.CORRUPTION) {
            checkUsable();
        }
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the ledger is closed");
        }
    }

    private void checkUsable() {
        if (failure != null) {
            ErrorCode code = failure.code() == ErrorCode.CORRUPTION ? ErrorCode.CORRUPTION : ErrorCode.UNAVAILABLE;
            throw new LedgerException(code, code == ErrorCode.CORRUPTION
                    ? "the ledger refuses writes because its journal is damaged (reads of intact data still work): "
                            + failure.getMessage()
                    : "the ledger stopped after a failure: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the ledger is closed");
        }
    }

    /** Commits what is queued, stops the committer, flushes the store and closes the journal. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (committedSignal) {
            committedSignal.notifyAll();
        }
        if (committer != null) {
            committer.stop();
            try {
                committerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.close();
        journal.close();
    }
}
