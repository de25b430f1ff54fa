package io.vellum.engine.internal.commit;

import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.apply.BlockApplier;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.engine.journal.JournalPosition;
import io.vellum.engine.journal.JournalSeed;
import io.vellum.engine.store.BlockLocation;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.VerificationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * <b>Internal, for cluster mode (vellum-cluster) only.</b> The replication controls of one open ledger: its role
 * (writer or follower), the {@link BlockLog} its commits go to, and the follower path that applies blocks committed
 * by another node. A single-node ledger is a writer on its local journal and never uses any of this.
 *
 * <p>Thread-safe. Every method that changes the ledger runs between two commit rounds of its committer.
 */
public final class LedgerReplica {
    /** Whether this node commits the ledger's transactions or applies blocks committed elsewhere. */
    public enum Role { WRITER, FOLLOWER }

    private final CommitContext core;
    private final Committer committer;
    /** The newest redaction block the follower path applied whose store purge is still to run; -1: none. */
    private volatile long redactionApplied = -1;

    public LedgerReplica(CommitContext core, Committer committer) {
        this.core = core;
        this.committer = committer;
    }

    /**
     * Writes {@code genesisPayload} (block 0 received from elsewhere) as the first record of the journal of a ledger
     * that does not exist yet in {@code ledgerDirectory}, so that opening it adopts that block instead of creating
     * a block 0 of its own. Verifies the block first: sequence number 0, no previous block hash, every hash.
     *
     * @return false (and writes nothing) when the directory holds a journal already
     * @throws LedgerException VERIFICATION_FAILED or CORRUPTION when the payload is not a valid block 0
     */
    public static boolean seedGenesis(Path ledgerDirectory, byte[] genesisPayload, LedgerOptions options) {
        Path journalDirectory = ledgerDirectory.resolve("journal");
        if (!JournalSeed.isEmpty(journalDirectory)) {
            return false;
        }
        JournalBlock genesis = JournalBlock.fromIonBinary(genesisPayload);
        ReplicatedBlockVerifier.verify(genesisPayload, genesis.blockAddress().strandId(), -1, Hash.EMPTY);
        JournalSeed.seed(journalDirectory, new JournalOptions(options.journalSegmentSize()), genesisPayload);
        return true;
    }

    /** Whether {@code ledgerDirectory} holds no ledger yet (no journal record). */
    public static boolean isEmpty(Path ledgerDirectory) {
        return JournalSeed.isEmpty(ledgerDirectory.resolve("journal"));
    }

    /**
     * Why the ledger stopped (a failure of its journal or store, in a commit round or on the follower path), or
     * null while it runs. A stopped ledger applies nothing more and cannot become a writer.
     */
    public LedgerException failure() {
        return committer.failure();
    }

    /** Rounds the committer lingered before sealing them (for this package's tests). */
    long lingeredRounds() {
        return committer.lingeredRounds();
    }

    /** Commits submitted to the committer and not yet taken into a round (for this package's tests). */
    int queuedCommits() {
        return committer.queued();
    }

    public Role role() {
        return committer.isFollower() ? Role.FOLLOWER : Role.WRITER;
    }

    /** The ledger's own journal as a log: what a replicated log forces after the cluster acknowledged a round. */
    public BlockLog localLog() {
        return BlockLog.localJournal(core.journal());
    }

    /**
     * Makes this ledger a writer whose rounds go to {@code log}. The committer continues from the local tip, so
     * call this only after applying every block the cluster acknowledged (the first block then chains to the last
     * acknowledged one). Transactions that started before blocks applied from elsewhere fail with a retryable
     * OCC conflict.
     *
     * @throws LedgerException the ledger's {@link #failure()} when it stopped
     */
    public void becomeWriter(BlockLog log) {
        committer.becomeWriter(log);
    }

    /**
     * Makes this ledger a follower: every commit from now on, and every one queued, fails with UNAVAILABLE (a
     * retryable code) and {@code reason}; read-only transactions go on. Waits for a round in flight.
     *
     * @param reason why this node does not commit, for the client (e.g. which node is the writer)
     */
    public void becomeFollower(String reason) {
        committer.becomeFollower(new LedgerException(ErrorCode.UNAVAILABLE, reason));
    }

    /**
     * Sequence number of the last block in the local journal and applied (the committer's tip). Waits for a commit
     * round in flight; {@link #committedSequenceNo()} does not.
     */
    public long tipSequenceNo() {
        return committer.atTip((tip, hash, log, applier) -> tip);
    }

    /** Sequence number of the newest block visible to transactions; never waits (for status reports). */
    public long committedSequenceNo() {
        return core.committedSequenceNo();
    }

    /** Hash of the block at {@link #tipSequenceNo()}. */
    public Hash tipBlockHash() {
        return committer.atTip((tip, hash, log, applier) -> hash);
    }

    /**
     * The journal record of committed block {@code sequenceNo}: exactly the bytes that were hashed, CRC-checked.
     *
     * @throws LedgerException NOT_FOUND when the block is not committed
     */
    public byte[] blockPayload(long sequenceNo) {
        return core.readBlockBytes(sequenceNo, core.store().block(sequenceNo));
    }

    /** Block {@code sequenceNo} in its redacted form: its timestamp and its full Ion binary (same block hash). */
    public record RedactedForm(long sequenceNo, long timestampMillis, byte[] payload) {
    }

    /**
     * The redacted forms of the blocks {@code redactionBlock} redacts revisions of, for a replicated log that keeps
     * them instead of the originals ({@link RedactedBlockForms}).
     *
     * @param held a committed block's full Ion binary as it should be redacted further ({@link #blockPayload}, or
     *             the newest redacted form the caller published of it)
     */
    public static List<RedactedForm> redactedForms(JournalBlock redactionBlock,
                                                   java.util.function.LongFunction<byte[]> held) {
        return RedactedBlockForms.of(redactionBlock, held);
    }

    /**
     * The follower path: applies blocks committed elsewhere, given each block's payload (exactly the bytes that were
     * hashed). Each block is decoded and verified in full before anything of it is written
     * ({@link ReplicatedBlockVerifier}: next sequence number, same strand, chained to the local tip, every hash
     * recomputed); the verified blocks are then appended to the local journal with one force, applied to the state
     * store and published, as the committer does with its own rounds.
     *
     * <p>When a block does not verify, the blocks before it are applied, nothing of it or after it is, and its
     * failure is thrown. Only for a ledger in the {@link Role#FOLLOWER} role (a writer's commits would race).
     *
     * @return the sequence number of the new local tip
     * @throws VerificationException VERIFICATION_FAILED naming the block's sequence number, expected and computed
     * @throws LedgerException CORRUPTION for a payload that is not a block; INVALID_REQUEST for a writer;
     *                         what the journal or the store threw (the ledger then stops, as for its own commits:
     *                         {@link #failure()})
     */
    public long apply(List<byte[]> payloads) {
        try {
            return applyVerified(payloads);
        } finally {
            // A redaction among the blocks applied (also when a later one was refused): its journal records are
            // rewritten already (under the tip); now the store's files, outside the committer's lock, since the
            // purge waits for older snapshots (as after a writer's commit).
            long redaction = redactionApplied;
            if (redaction >= 0) {
                redactionApplied = -1;
                RedactionOnFollower.purgeStore(core, redaction);
            }
        }
    }

    private long applyVerified(List<byte[]> payloads) {
        return committer.atTip((tip, tipHash, log, applier) -> {
            if (!committer.isFollower()) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "blocks from elsewhere can only be applied to a "
                        + "follower; this ledger is the writer at block " + tip);
            }
            List<JournalBlock> blocks = new ArrayList<>(payloads.size());
            List<byte[]> verified = new ArrayList<>(payloads.size());
            LedgerException refused = null;
            long sequenceNo = tip;
            Hash blockHash = tipHash;
            for (byte[] payload : payloads) {
                JournalBlock block;
                try {
                    block = ReplicatedBlockVerifier.verify(payload, core.strandId(), sequenceNo, blockHash);
                } catch (LedgerException e) {
                    refused = e;
                    break;
                }
                blocks.add(block);
                verified.add(payload);
                sequenceNo = block.blockAddress().sequenceNo();
                blockHash = block.blockHash();
            }
            if (!blocks.isEmpty()) {
                try {
                    write(blocks, verified, log, applier);
                } catch (RuntimeException e) {
                    LedgerException cause = e instanceof LedgerException ledgerException ? ledgerException
                            : new LedgerException(ErrorCode.UNAVAILABLE, "applying replicated blocks failed: " + e, e);
                    committer.failedWhileApplying(cause);
                    throw cause;
                }
                committer.advancedTo(sequenceNo, blockHash);
            }
            if (refused != null) {
                throw refused;
            }
            return sequenceNo;
        });
    }

    private void write(List<JournalBlock> blocks, List<byte[]> payloads, BlockLog log, BlockApplier applier) {
        List<JournalPosition> positions = log.append(blocks, payloads);
        long last = blocks.get(blocks.size() - 1).blockAddress().sequenceNo();
        core.publish(() -> {
            for (int i = 0; i < blocks.size(); i++) {
                JournalBlock block = blocks.get(i);
                JournalPosition position = positions.get(i);
                applier.apply(block, new BlockLocation(position.segmentFirstSequenceNo(), position.offset(),
                        position.length(), block.blockTimestamp().getMillis(), block.blockHash()), Map.of(), Map.of());
            }
            applier.writePending();
            // Which index keys the blocks changed is known only inside the applier: start the cache afresh.
            core.cache().clear();
            return applier.catalog();
        }, last);
        long redaction = RedactionOnFollower.rewriteJournal(core, blocks);
        if (redaction >= 0) {
            redactionApplied = redaction;
        }
    }
}
