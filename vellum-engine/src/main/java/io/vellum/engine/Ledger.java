package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.verify.BlockProof;
import io.vellum.engine.export.BlockProgress;
import io.vellum.engine.signing.DigestSigner;
import io.vellum.engine.store.BlockLocation;
import io.vellum.engine.store.StateStore;
import io.vellum.engine.internal.LedgerCore;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.merkle.MerkleTree;
import io.vellum.proof.merkle.PerfectSubtrees;
import io.vellum.proof.block.Revision;
import io.vellum.error.RetryPolicy;
import io.vellum.engine.internal.transaction.LedgerTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An embedded verifiable ledger stored in one directory: {@code journal/} (the append-only source of truth) and
 * {@code state/} (RocksDB, derived from the journal and rebuilt from it when behind).
 *
 * <p>Thread-safe: any number of threads may run transactions concurrently. Durability: a commit returns only after
 * its block is forced to disk; a crash at any instant loses no acknowledged commit.
 */
public final class Ledger implements AutoCloseable {
    private final LedgerCore core;
    private final PerfectSubtrees storedNodes;
    private final DigestSigner signer;

    /** The running state behind this ledger; for tests in this package (fault injection). */
    LedgerCore core() {
        return core;
    }

    private Ledger(LedgerCore core, DigestSigner signer) {
        this.core = core;
        this.signer = signer;
        StateStore store = core.store();
        this.storedNodes = (level, index) -> {
            Hash hash = store.merkleNode(level, index);
            if (hash == null) {
                throw new LedgerException(ErrorCode.CORRUPTION, "Merkle node level " + level + " index " + index
                        + " is missing from the state store");
            }
            return hash;
        };
    }

    /** Opens or creates a ledger with QLDB's default limits. */
    public static Ledger open(Path directory) {
        return open(directory, LedgerOptions.defaults());
    }

    /**
     * Opens or creates a ledger. Replays journal blocks the state store has not applied. A torn journal tail (the
     * file ends inside a record: a crash cut an unacknowledged append short) is copied to a quarantine file, cut
     * off and reported in {@link #health()}. A damaged complete record is never cut: at the end of the journal, or
     * where the state store still needs it, the open fails with CORRUPTION naming the block, segment and offset;
     * elsewhere the ledger opens {@link LedgerHealth.State#CORRUPTED}: reads of intact blocks and state work, writes
     * fail with CORRUPTION, a read of the damaged block fails with CORRUPTION naming it.
     */
    public static Ledger open(Path directory, LedgerOptions options) {
        LedgerCore core = LedgerCore.open(directory, options);
        try {
            return new Ledger(core, DigestSigner.openOrCreate(directory, options.clock()));
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /** {@link #openReadOnly(Path, LedgerOptions)} with default options. */
    public static Ledger openReadOnly(Path directory) {
        return openReadOnly(directory, LedgerOptions.defaults());
    }

    /**
     * Opens an existing ledger without changing its journal: nothing is cut (a torn tail is reported in
     * {@link #health()} and ignored), no block is written, no committer runs; queries work, writes fail with
     * INVALID_REQUEST. For read-only tools (export, verify). Damage is handled as by {@link #open}. Only the state
     * store (derived data) may be written, to replay blocks it lags behind.
     *
     * @throws LedgerException NOT_FOUND when {@code directory} holds no ledger; CORRUPTION as for {@link #open}
     */
    public static Ledger openReadOnly(Path directory, LedgerOptions options) {
        LedgerCore core = LedgerCore.openReadOnly(directory, options);
        try {
            return new Ledger(core, DigestSigner.openExisting(directory, options.clock()));
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /** What the ledger can do now, why not more, and what opening found in its journal. Cheap; thread-safe. */
    public LedgerHealth health() {
        java.util.Optional<LedgerException> failure = core.failure();
        LedgerHealth.State state = core.isClosed() ? LedgerHealth.State.CLOSED
                : failure.isEmpty() ? LedgerHealth.State.HEALTHY
                : failure.get().code() == ErrorCode.CORRUPTION ? LedgerHealth.State.CORRUPTED
                : LedgerHealth.State.FAILED;
        return new LedgerHealth(state, failure.map(LedgerException::getMessage), core.damagedRecords().stream()
                .map(damaged -> new LedgerHealth.DamagedBlock(damaged.sequenceNo(), damaged.describe())).toList(),
                core.tailCut().map(cut -> new LedgerHealth.TailCut(cut.firstSequenceNo(), cut.length(),
                        cut.describe(), cut.quarantineFile(), cut.cut())));
    }

    /** Whether this ledger was opened with {@link #openReadOnly}. */
    public boolean isReadOnly() {
        return core.isReadOnly();
    }

    /** Starts a transaction; the caller must commit or abort it. */
    public Transaction begin() {
        return core.begin();
    }

    /**
     * Starts a transaction that is one attempt of work first attempted at {@code firstAttemptNanos}
     * ({@link System#nanoTime()} of this JVM): the older, the sooner it gets the locks of hot documents. A caller
     * that retries passes its first attempt's value; {@link #begin()} uses now.
     */
    public Transaction begin(long firstAttemptNanos) {
        return core.begin(firstAttemptNanos);
    }

    /**
     * {@link #begin(long)} for a caller that runs the transaction's statements and commit on whichever thread is free,
     * one at a time (a server session, whose requests are served by pooled threads). The locks of hot documents it
     * takes belong to the transaction, not to the thread that took them: a later request on that thread for another
     * transaction waits for them like any other, instead of going past them as a transaction begun with
     * {@link #begin(long)} on the same thread would (docs/DECISIONS.md, "Hot documents").
     */
    public Transaction beginFromAnyThread(long firstAttemptNanos) {
        return core.begin(firstAttemptNanos, false);
    }

    /**
     * Runs {@code work} in a transaction and commits it, retrying the whole function on OCC conflicts as the ledger's
     * {@link LedgerOptions#retryPolicy()} allows (so it may run more than once and must not have other side effects).
     * Any exception from {@code work} aborts.
     */
    public <T> T execute(Function<Transaction, T> work) {
        return execute(work, core.options().retryPolicy());
    }

    /**
     * Runs {@code work} in a transaction and commits it, re-running the whole function after each failure that
     * {@code policy} retries, at most {@link RetryPolicy#maxAttempts()} times in all: a caller wanting more patience
     * passes a policy rather than retrying around this call. Any exception from {@code work} aborts. Every attempt
     * has the first attempt's priority for the locks of hot documents, so a transaction that lost often goes first.
     */
    public <T> T execute(Function<Transaction, T> work, RetryPolicy policy) {
        return executeCommitted(work, policy, RetryPolicy::sleep, failure -> { }).value();
    }

    /**
     * {@link #execute(Function, RetryPolicy)} for a caller that reports the commit (the server's native API answers
     * with the block address and commit digest): the same one retry loop, so every attempt has the first attempt's
     * priority for the locks of hot documents, but it returns the commit with the function's value, tells
     * {@code failedAttempts} of each attempt that failed (already aborted; retried or not as {@code policy} says,
     * the last one also thrown), and waits between attempts with {@code pause} ({@link RetryPolicy#sleep} but in
     * tests).
     */
    public <T> Committed<T> executeCommitted(Function<Transaction, T> work, RetryPolicy policy,
                                             RetryPolicy.Pause pause,
                                             Consumer<? super RuntimeException> failedAttempts) {
        long priority = System.nanoTime(); // every attempt keeps the first's: a transaction that lost often goes first
        // The hot document whose lock the last failed attempt died for: the next one queues for it first, holding no
        // lock (so wait-die cannot kill it), instead of taking the locks of what it reads before it and dying again.
        String[] lockFirst = {null};
        return policy.run(() -> {
            Transaction transaction;
            try {
                transaction = core.begin(priority, true, lockFirst[0]); // may wait for lockFirst, up to its bound
            } catch (RuntimeException e) {
                failedAttempts.accept(e);
                throw e;
            }
            try {
                T result = work.apply(transaction);
                long commitStart = System.nanoTime();
                CommitResult commit = transaction.commit();
                return new Committed<>(result, commit, System.nanoTime() - commitStart);
            } catch (RuntimeException e) {
                transaction.abort();
                if (transaction instanceof LedgerTransaction attempt) {
                    attempt.hotDocumentDiedFor().ifPresent(documentId -> lockFirst[0] = documentId);
                }
                failedAttempts.accept(e);
                throw e;
            } catch (Error e) {
                transaction.abort();
                throw e;
            }
        }, pause);
    }

    /** The table (active or dropped) with this id, as of the latest commit. */
    public java.util.Optional<io.vellum.engine.query.TableHandle> table(String tableId) {
        return execute(transaction -> ((LedgerTransaction) transaction).queryContext().tableById(tableId));
    }

    /**
     * Changes the tags of the table (active or dropped) with this id to {@code change} applied to its current tags,
     * in one transaction (retried on conflicts): a catalog revision in a block without statements, so a table's tag
     * history is journaled and verifiable like its other DDL. Nothing is written when the tags stay the same.
     *
     * @throws LedgerException NOT_FOUND when no table has the id; INVALID_REQUEST when the new tags break QLDB's tag
     *                         rules ({@link io.vellum.engine.query.TableTags#check}) or tables may not carry tags
     *                         now ({@link LedgerOptions#tableTagging()})
     */
    public io.vellum.engine.query.TableHandle changeTableTags(String tableId,
            java.util.function.UnaryOperator<java.util.Map<String, String>> change) {
        return execute(transaction -> {
            io.vellum.engine.query.QueryContext context = ((LedgerTransaction) transaction).queryContext();
            io.vellum.engine.query.TableHandle table = context.tableById(tableId).orElseThrow(() ->
                    new LedgerException(ErrorCode.NOT_FOUND, "no table has id " + tableId));
            core.options().tableTagging().check(); // even a change that changes nothing, as QLDB's rule says
            java.util.Map<String, String> tags = change.apply(table.tags());
            return tags.equals(table.tags()) ? table : context.changeTableTags(tableId, tags);
        });
    }

    /** Runs one statement in its own transaction (retrying conflicts) and returns its result values. */
    public List<com.amazon.ion.IonValue> executeStatement(String statement, com.amazon.ion.IonValue... parameters) {
        return execute(transaction -> transaction.execute(statement, parameters));
    }

    public String strandId() {
        return core.strandId();
    }

    /**
     * <b>Internal, for cluster mode (vellum-cluster) only:</b> this ledger's replication role, the log its commits
     * go to, and the path that applies blocks committed on another node. Single-node use never needs it.
     */
    public io.vellum.engine.internal.commit.LedgerReplica replica() {
        return core.replica();
    }

    /** The digest at the latest committed block. */
    public LedgerDigest digest() {
        long tip = core.committedSequenceNo();
        return new LedgerDigest(MerkleTree.root(tip + 1, storedNodes), new BlockAddress(core.strandId(), tip));
    }

    /** The digest at an earlier tip. */
    public LedgerDigest digest(BlockAddress tip) {
        checkAddress(tip, "tip");
        return new LedgerDigest(MerkleTree.root(tip.sequenceNo() + 1, storedNodes), tip);
    }

    /**
     * A committed block and its proof to the digest at {@code tip} (which must not precede the block); that digest is
     * {@link #digest(BlockAddress) digest(tip)}, the same for every call once {@code tip} is committed.
     */
    public BlockProof block(BlockAddress address, BlockAddress tip) {
        JournalBlock block = readBlock(address);
        checkTip(address, tip);
        return new BlockProof(block, MerkleTree.inclusionProof(address.sequenceNo(), tip.sequenceNo() + 1,
                storedNodes));
    }

    /** A committed block without proof. */
    public JournalBlock readBlock(BlockAddress address) {
        checkAddress(address, "block address");
        BlockLocation location = core.store().block(address.sequenceNo());
        return core.readBlock(address.sequenceNo(), location);
    }

    /**
     * The revision of {@code documentId} written in block {@code address}, with its proof to the digest at
     * {@code tip}; that digest is {@link #digest(BlockAddress) digest(tip)}, the same for every call once {@code tip}
     * is committed.
     */
    public RevisionProof revision(BlockAddress address, String documentId, BlockAddress tip) {
        checkAddress(address, "block address");
        checkTip(address, tip);
        BlockLocation location = core.store().block(address.sequenceNo());
        byte[] block = core.readBlockBytes(address.sequenceNo(), location);
        RevisionLocator.Located located = RevisionLocator.locate(core.ion(), address, block, documentId);
        List<Hash> proof = new ArrayList<>(JournalBlock.revisionProofPrefix(address, located.revisionHashes(),
                located.entriesHashList(), located.previousBlockHash(), located.revisionIndex()));
        // The prefix must fold to the block hash the Merkle tree holds; anything else is a damaged journal.
        Hash folded = io.vellum.proof.verify.Verifier.fold(located.revision().hash(), proof);
        if (!folded.equals(location.blockHash())) {
            throw new LedgerException(ErrorCode.CORRUPTION, "block " + address.sequenceNo() + ": revision of "
                    + documentId + " folds to " + folded + " but the block hash is " + location.blockHash());
        }
        located.revision().verifyHash();
        proof.addAll(MerkleTree.inclusionProof(address.sequenceNo(), tip.sequenceNo() + 1, storedNodes));
        return new RevisionProof(located.revision(), proof);
    }

    /**
     * The ledger's digest-signing keys: {@link DigestSigner#sign} a digest (done on request, never on commit),
     * {@link DigestSigner#rotate}, {@link DigestSigner#keys}.
     */
    public DigestSigner signer() {
        return signer;
    }

    /** Proof that the ledger at {@code newer} extends the ledger at {@code older} (RFC 9162 with dot). */
    public List<Hash> consistencyProof(BlockAddress older, BlockAddress newer) {
        checkAddress(older, "older tip");
        checkAddress(newer, "newer tip");
        if (older.sequenceNo() > newer.sequenceNo()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "older tip " + older.sequenceNo()
                    + " is after newer tip " + newer.sequenceNo());
        }
        return MerkleTree.consistencyProof(older.sequenceNo() + 1, newer.sequenceNo() + 1, storedNodes);
    }

    /**
     * Checks the whole journal: every record's CRC, every block's internal hashes, the hash chain from block 0,
     * and that the Merkle root over all block hashes equals {@link #digest()}.
     *
     * @throws LedgerException CORRUPTION or VERIFICATION_FAILED naming the first bad block
     */
    public LedgerDigest verifyJournal() {
        return verifyJournal(BlockProgress.NONE);
    }

    /**
     * {@link #verifyJournal()}, telling {@code progress} after each block checked: phase {@code verifying}, blocks
     * done of the tip's count (the records' CRC pass before it is not counted: it reads without decoding).
     */
    public LedgerDigest verifyJournal(BlockProgress progress) {
        core.journal().verifyAll();
        LedgerDigest digest = digest();
        long blocks = digest.tipAddress().sequenceNo() + 1;
        JournalBlock previous = null;
        List<Hash> leaves = new ArrayList<>();
        for (long sequenceNo = 0; sequenceNo < blocks; sequenceNo++) {
            JournalBlock block = readBlock(new BlockAddress(core.strandId(), sequenceNo));
            block.verify();
            if (previous != null) {
                block.verifyFollows(previous);
            }
            leaves.add(block.blockHash());
            previous = block;
            progress.blocks("verifying", sequenceNo + 1, blocks);
        }
        Hash root = MerkleTree.root(leaves);
        if (!root.equals(digest.digest())) {
            throw new io.vellum.proof.hash.VerificationException("Merkle root over blocks 0.."
                    + digest.tipAddress().sequenceNo() + " vs the stored digest", digest.digest(), root);
        }
        return digest;
    }

    private void checkAddress(BlockAddress address, String what) {
        if (!address.strandId().equals(core.strandId())) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " names strand " + address.strandId()
                    + " but this ledger's strand is " + core.strandId());
        }
        if (address.sequenceNo() > core.committedSequenceNo()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, what + " sequenceNo " + address.sequenceNo()
                    + " is beyond the last committed block " + core.committedSequenceNo());
        }
    }

    private void checkTip(BlockAddress address, BlockAddress tip) {
        checkAddress(tip, "tip");
        if (tip.sequenceNo() < address.sequenceNo()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "tip sequenceNo " + tip.sequenceNo()
                    + " precedes block " + address.sequenceNo());
        }
    }

    /**
     * Delivers every block from {@code fromSequenceNo} on (already committed ones first, then each new one as it
     * commits) to {@code consumer}, in order, on a new thread. Close the returned follower to stop.
     */
    public BlockFollower follow(long fromSequenceNo, java.util.function.Consumer<JournalBlock> consumer) {
        BlockFollower follower = new BlockFollower(this, fromSequenceNo, consumer,
                "vellum-follower-" + strandId() + "-" + fromSequenceNo);
        follower.start();
        return follower;
    }

    /** Waits until block {@code sequenceNo} is committed (true) or the timeout passes or the ledger closes (false). */
    public boolean awaitCommitted(long sequenceNo, long timeoutMillis) throws InterruptedException {
        return core.awaitCommitted(sequenceNo, timeoutMillis);
    }

    boolean isClosed() {
        return core.isClosed();
    }

    /** The state store's per-family compaction statistics as RocksDB reports them (for diagnosis; free text). */
    public String storeCompactionStatistics() {
        return core.store().compactionStatistics();
    }

    /**
     * What stopped this ledger after it opened (e.g. CORRUPTION found by the scrub that open starts, or a failed
     * journal write), or empty while it accepts transactions. A stopped ledger still serves reads of intact blocks.
     */
    public java.util.Optional<LedgerException> failure() {
        return core.failure();
    }

    /** Commits and conflicts since open, and bytes on disk. */
    public LedgerStatistics statistics() {
        return new LedgerStatistics(core.commitCount(), core.conflictCount(), core.committedSequenceNo(),
                core.journal().sizeBytes(), core.store().sizeBytes(), core.cacheHits(), core.cacheMisses());
    }

    /** Finishes queued commits, then closes; open transactions fail afterwards. */
    @Override
    public void close() {
        core.close();
    }
}
