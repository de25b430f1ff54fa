package io.vellum.wallet.account;

import io.vellum.proof.block.BlockRevision;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.wallet.ledger.ChangeSubscription;
import io.vellum.wallet.ledger.KnownBlocks;
import io.vellum.wallet.ledger.LedgerConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latest account revisions, kept current from the ledger's change feed, so that CheckFunds usually needs no ledger
 * transaction. The feed delivers every committed block, whoever wrote it (this wallet, another wallet instance, a
 * PartiQL user), and the cache applies each account revision in it.
 *
 * <h2>Why an answer is never stale</h2>
 * <ol>
 *   <li>Before answering, {@link #freshEntry} makes sure the feed has applied every block committed when the request
 *       arrived: if a later block than the applied ones is committed, it waits (briefly) until the feed reaches the
 *       committed tip; if that takes too long, it answers "absent" and the caller reads the ledger.</li>
 *   <li>A value read from the ledger by a cache miss may be overtaken by a commit before it is offered to the cache.
 *       The reader notes the feed position before its read ({@link #readPosition()}); the cache remembers, per
 *       account and per document, the last block that changed it (for a window of recent blocks), and
 *       {@link #offer} refuses a value when a block at or after that position changed the account. A change the feed
 *       has not applied yet will replace the value when it is applied.</li>
 *   <li>A catalog change (a table dropped, created, indexed) empties the cache.</li>
 * </ol>
 *
 * <h2>The wallet's own blocks are not read back</h2>
 * Nearly every block of the wallet's ledger is the wallet's own operation, whose account revisions the wallet knows
 * when its commit returns: {@link #writeFinished} hands them in with the block's sequence number (when the connection
 * reports it, {@link LedgerConnection#executeCommitted}), and the feed, reaching that block, applies them in its
 * place in the order instead of reading, decoding and hash-checking the block from the journal. The feed waits for
 * a block's owner briefly ({@link #OWN_BLOCK_WAIT_NANOS}) while operations are committing; a block nobody hands in
 * is read as before, so blocks of other writers are applied exactly as they always were, only possibly a few
 * milliseconds later (and never later than that for the next {@link #FOREIGN_BACK_OFF_BLOCKS} blocks).
 *
 * <p>Thread-safe. Reads of cached entries take no lock; feed application and offers are serialised.
 */
public final class BalanceCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceCache.class);
    /** The system table whose revisions are catalog changes. */
    private static final String CATALOG_TABLE = "_ql_catalog";

    /** How long the feed waits at most for a committing operation to hand in the block it reached. */
    static final long OWN_BLOCK_WAIT_NANOS = 10_000_000;
    /** After a wait that ended with nobody handing the block in (another writer's), blocks read without waiting. */
    static final long FOREIGN_BACK_OFF_BLOCKS = 256;

    private final LedgerConnection ledger;
    private final MoneyRules rules;
    private final int capacity;
    private final int changeWindow;
    private final Duration catchUpTimeout;
    private final long ownBlockWaitNanos;

    private final ConcurrentHashMap<String, AccountSnapshot> byAccount = new ConcurrentHashMap<>();
    /** Guarded by {@code this}, like everything below that is not volatile. */
    private final Map<String, String> accountByDocument = new HashMap<>();
    /**
     * The account-changing blocks of the window, oldest first. An offer asks only about blocks at or after its read
     * position, the newest few, so it scans them from the end: no per-account index of the window is kept, which
     * every applied block had to update (and every block leaving the window to clean up).
     */
    private final ArrayDeque<RecordedChange> recentChanges = new ArrayDeque<>();
    /** Offers whose read started before this block cannot be checked against the window and are refused. */
    private long windowStart;

    private volatile long appliedThrough;
    private volatile boolean healthy = true;
    private final Object appliedSignal = new Object();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder blocksHandedIn = new LongAdder();
    private final LongAdder blocksRead = new LongAdder();
    private ChangeSubscription subscription;
    /** Guards the three fields below; the feed waits on it for a block to be handed in. */
    private final Object ownWrites = new Object();
    /** Account revisions of the wallet's own committed blocks not yet reached by the feed, by sequence number. */
    private final TreeMap<Long, List<AccountSnapshot>> ownBlocks = new TreeMap<>();
    private int writesInFlight;
    private long waitFreeBefore;
    private long unclaimedBlock = -1;
    /** The block the feed is waiting to be handed in, or -1: only its hand-in (or the last write ending) wakes it. */
    private long awaitedBlock = -1;

    /** The blocks among the recent ones that changed account documents. */
    private record RecordedChange(long sequenceNo, List<String> accountIds, List<String> documentIds) {
    }

    private BalanceCache(LedgerConnection ledger, MoneyRules rules, int capacity, int changeWindow,
                         Duration catchUpTimeout, Duration ownBlockWait) {
        if (capacity < 1 || changeWindow < 1) {
            throw new IllegalArgumentException("capacity and changeWindow must be >= 1, got " + capacity + " and "
                    + changeWindow);
        }
        this.ledger = ledger;
        this.rules = rules;
        this.capacity = capacity;
        this.changeWindow = changeWindow;
        this.catchUpTimeout = catchUpTimeout;
        this.ownBlockWaitNanos = ownBlockWait.toNanos();
    }

    /**
     * Starts an empty cache and its change feed from the block after the current tip (nothing older is needed: the
     * cache fills from reads and from changes from now on).
     *
     * @param capacity       accounts kept at most; beyond it an arbitrary account is dropped
     * @param changeWindow   recent account-changing blocks remembered to check offers against
     * @param catchUpTimeout how long a read waits for the feed to reach the committed tip before reading the ledger
     */
    public static BalanceCache start(LedgerConnection ledger, MoneyRules rules, int capacity, int changeWindow,
                                     Duration catchUpTimeout) {
        return start(ledger, rules, capacity, changeWindow, catchUpTimeout, Duration.ofNanos(OWN_BLOCK_WAIT_NANOS));
    }

    /** As the other {@code start}, waiting at most {@code ownBlockWait} for a committing operation's block. */
    static BalanceCache start(LedgerConnection ledger, MoneyRules rules, int capacity, int changeWindow,
                              Duration catchUpTimeout, Duration ownBlockWait) {
        BalanceCache cache = new BalanceCache(ledger, rules, capacity, changeWindow, catchUpTimeout, ownBlockWait);
        long tip = ledger.committedTip();
        cache.appliedThrough = tip;
        cache.windowStart = tip + 1;
        cache.subscription = ledger.changes(tip + 1, new KnownBlocks() {
            @Override
            public boolean awaitHandedIn(long sequenceNo) {
                return cache.applyOwnBlock(sequenceNo, false);
            }

            @Override
            public boolean handledWithoutReading(long sequenceNo) {
                return cache.applyOwnBlock(sequenceNo, true);
            }
        }, cache::applySafely);
        return cache;
    }

    /**
     * The account as of (at least) the latest block committed when this call started, or empty when it is not cached
     * or the change feed could not catch up in time; the caller then reads the ledger.
     */
    public Optional<AccountSnapshot> freshEntry(String accountId) {
        if (!isHealthy()) {
            return Optional.empty();
        }
        long tip = ledger.committedTip();
        if (appliedThrough < tip && !awaitApplied(tip)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byAccount.get(accountId));
    }

    /** The position to pass to {@link #offer} for a ledger read that starts now. */
    public long readPosition() {
        return appliedThrough + 1;
    }

    /**
     * Offers a value a ledger read returned. Taken only when no block at or after {@code readPosition} changed the
     * account or its document (else the value may already be outdated) and the account is not cached already.
     */
    public synchronized void offer(AccountSnapshot account, long readPosition) {
        if (!healthy || readPosition < windowStart || byAccount.containsKey(account.accountId())) {
            return;
        }
        if (changedSince(account, readPosition)) {
            return;
        }
        store(account);
    }

    /** Whether a recorded block at or after {@code readPosition} changed the account or its document. Lock held. */
    private boolean changedSince(AccountSnapshot account, long readPosition) {
        for (Iterator<RecordedChange> newestFirst = recentChanges.descendingIterator(); newestFirst.hasNext(); ) {
            RecordedChange change = newestFirst.next();
            if (change.sequenceNo() < readPosition) {
                return false;
            }
            if (change.accountIds().contains(account.accountId())
                    || change.documentIds().contains(account.documentId())) {
                return true;
            }
        }
        return false;
    }

    /** An operation starts: its block may be handed in soon ({@link #writeFinished}, also when it fails). */
    void writeStarting() {
        synchronized (ownWrites) {
            writesInFlight++;
        }
    }

    /**
     * An operation ended. When it committed a block the feed has not reached yet, the accounts it wrote (each
     * account's state in that block, exactly what the block's revisions say) are applied in the block's place.
     *
     * @param sequenceNo the committed block's sequence number, or -1 when it wrote nothing, failed, or is not known
     * @param accounts   every account revision the block holds
     */
    void writeFinished(long sequenceNo, List<AccountSnapshot> accounts) {
        synchronized (ownWrites) {
            writesInFlight--;
            if (sequenceNo == unclaimedBlock) {
                waitFreeBefore = 0; // the block the feed gave up on was ours after all: keep waiting for owners
            }
            if (sequenceNo >= 0 && healthy && sequenceNo > appliedThrough) {
                ownBlocks.put(sequenceNo, List.copyOf(accounts));
            }
            // With many operations committing, most hand-ins are of blocks after the one the feed waits for: waking
            // it for those would only send it back to waiting.
            if (sequenceNo == awaitedBlock || writesInFlight == 0) {
                ownWrites.notifyAll();
            }
        }
    }

    /**
     * The feed's question for block {@code sequenceNo}: true when the wallet handed the block in (now applied), false
     * to read it from the ledger once it is committed. While operations are in flight the feed waits for the block's
     * owner; only a wait for a block known to be committed ({@code committed}) that ends with nobody handing it in
     * lets the feed conclude that the block is another writer's (a block not committed yet may simply not exist).
     */
    private boolean applyOwnBlock(long sequenceNo, boolean committed) {
        List<AccountSnapshot> own;
        synchronized (ownWrites) {
            own = ownBlocks.remove(sequenceNo);
            long deadline = System.nanoTime() + ownBlockWaitNanos;
            while (own == null && writesInFlight > 0 && sequenceNo >= waitFreeBefore) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    if (committed) {
                        waitFreeBefore = sequenceNo + FOREIGN_BACK_OFF_BLOCKS;
                        unclaimedBlock = sequenceNo;
                    }
                    break;
                }
                awaitedBlock = sequenceNo;
                try {
                    ownWrites.wait(remaining / 1_000_000, (int) (remaining % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // closing: the feed stops after this block
                    break;
                } finally {
                    awaitedBlock = -1;
                }
                own = ownBlocks.remove(sequenceNo);
            }
            ownBlocks.headMap(sequenceNo, true).clear();
        }
        if (own == null) {
            return false;
        }
        try {
            synchronized (this) {
                applyAccounts(sequenceNo, own);
            }
            appliedThrough = sequenceNo;
            blocksHandedIn.increment();
        } catch (RuntimeException | Error e) {
            disable(sequenceNo, e);
            throw e;
        } finally {
            synchronized (appliedSignal) {
                appliedSignal.notifyAll();
            }
        }
        return true;
    }

    void countHit() {
        hits.increment();
    }

    void countMiss() {
        misses.increment();
    }

    public CacheStatistics statistics() {
        return new CacheStatistics(hits.sum(), misses.sum(), byAccount.size(), appliedThrough + 1, isHealthy(),
                blocksHandedIn.sum(), blocksRead.sum());
    }

    private boolean isHealthy() {
        if (healthy && subscription.failure() != null) {
            healthy = false;
            LOG.error("Balance cache disabled: the change feed stopped at block {}; every balance is read from the "
                    + "ledger from now on", subscription.nextSequenceNo(), subscription.failure());
        }
        return healthy;
    }

    private boolean awaitApplied(long sequenceNo) {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        synchronized (appliedSignal) {
            while (appliedThrough < sequenceNo) {
                long remainingNanos = deadline - System.nanoTime();
                if (remainingNanos <= 0 || !isHealthy()) {
                    return false;
                }
                try {
                    appliedSignal.wait(Math.max(1, remainingNanos / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void applySafely(JournalBlock block) {
        try {
            apply(block);
        } catch (RuntimeException | Error e) {
            disable(block.blockAddress().sequenceNo(), e);
            throw e;
        } finally {
            synchronized (appliedSignal) {
                appliedSignal.notifyAll();
            }
        }
    }

    /** Without block {@code sequenceNo} applied, no entry can be trusted any more: stop serving from the cache. */
    private void disable(long sequenceNo, Throwable cause) {
        healthy = false;
        synchronized (this) {
            byAccount.clear();
        }
        synchronized (ownWrites) {
            ownBlocks.clear();
        }
        LOG.error("Balance cache disabled: cannot apply block {}", sequenceNo, cause);
    }

    private void apply(JournalBlock block) {
        long sequenceNo = block.blockAddress().sequenceNo();
        synchronized (ownWrites) {
            // Handed in while the feed was reading it already (or by a connection that delivers every block).
            ownBlocks.headMap(sequenceNo, true).clear();
        }
        Map<String, DocumentInfo> documents = block.transactionInfo().documents();
        synchronized (this) {
            if (documents.values().stream().anyMatch(info -> CATALOG_TABLE.equals(info.tableName()))) {
                forgetEverything(sequenceNo);
            } else {
                applyRevisions(sequenceNo, block.revisions(), documents);
            }
        }
        appliedThrough = sequenceNo;
        blocksRead.increment();
    }

    /** Called with the lock held. */
    private void applyRevisions(long sequenceNo, List<BlockRevision> revisions, Map<String, DocumentInfo> documents) {
        List<String> accountIds = new ArrayList<>(2);
        List<String> documentIds = new ArrayList<>(2);
        for (BlockRevision blockRevision : revisions) {
            if (!(blockRevision instanceof Revision revision)) {
                continue;
            }
            String documentId = revision.metadata().id();
            DocumentInfo info = documents.get(documentId);
            if (info == null || !WalletSchema.ACCOUNTS.equals(info.tableName())) {
                continue;
            }
            documentIds.add(documentId);
            String previousAccount = accountByDocument.remove(documentId);
            if (previousAccount != null) {
                accountIds.add(previousAccount);
                byAccount.remove(previousAccount);
            }
            Optional<AccountSnapshot> account = AccountSnapshot.fromRevision(documentId,
                    revision.metadata().version(), revision.data(), rules);
            if (account.isPresent()) {
                accountIds.add(account.get().accountId());
                store(account.get());
            }
        }
        if (!documentIds.isEmpty()) {
            remember(new RecordedChange(sequenceNo, accountIds, documentIds));
        }
    }

    /** The accounts the wallet's own block wrote, applied as {@link #applyRevisions} applies a block read. Lock held. */
    private void applyAccounts(long sequenceNo, List<AccountSnapshot> accounts) {
        List<String> accountIds = new ArrayList<>(2);
        List<String> documentIds = new ArrayList<>(2);
        for (AccountSnapshot account : accounts) {
            documentIds.add(account.documentId());
            String previousAccount = accountByDocument.remove(account.documentId());
            if (previousAccount != null) {
                accountIds.add(previousAccount);
                byAccount.remove(previousAccount);
            }
            accountIds.add(account.accountId());
            store(account);
        }
        if (!documentIds.isEmpty()) {
            remember(new RecordedChange(sequenceNo, accountIds, documentIds));
        }
    }

    /** Called with the lock held. */
    private void store(AccountSnapshot account) {
        AccountSnapshot replaced = byAccount.get(account.accountId());
        if (replaced != null) {
            accountByDocument.remove(replaced.documentId());
        } else if (byAccount.size() >= capacity) {
            Iterator<AccountSnapshot> victims = byAccount.values().iterator();
            AccountSnapshot victim = victims.next();
            victims.remove();
            accountByDocument.remove(victim.documentId());
        }
        byAccount.put(account.accountId(), account);
        accountByDocument.put(account.documentId(), account.accountId());
    }

    /** Called with the lock held. */
    private void remember(RecordedChange change) {
        recentChanges.addLast(change);
        while (recentChanges.size() > changeWindow) {
            windowStart = recentChanges.removeFirst().sequenceNo() + 1;
        }
    }

    /** Called with the lock held. */
    private void forgetEverything(long catalogBlock) {
        byAccount.clear();
        accountByDocument.clear();
        recentChanges.clear();
        windowStart = catalogBlock + 1;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
