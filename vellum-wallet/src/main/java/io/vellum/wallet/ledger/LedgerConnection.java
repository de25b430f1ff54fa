package io.vellum.wallet.ledger;

import com.amazon.ion.IonSystem;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.RevisionProof;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The wallet's only way to its ledger, and exactly what an application on QLDB has: transactions of PartiQL
 * statements, the digest, revisions with proofs (GetDigest / GetRevision), and the journal's committed blocks in order
 * (QLDB's stream). Implementations are thread-safe.
 */
public interface LedgerConnection extends AutoCloseable {
    /**
     * Runs {@code work} in one serializable transaction and commits it. Optimistic-concurrency conflicts are retried
     * here, by running {@code work} again on a fresh transaction, until the connection's retry deadline passes; so
     * {@code work} may run several times and must have no effect outside the ledger. An exception thrown by
     * {@code work} aborts the transaction and is rethrown unchanged.
     *
     * @return what {@code work} returned in the attempt that committed
     * @throws io.vellum.error.LedgerException when the ledger refuses (OCC_CONFLICT only once the deadline passed)
     */
    <T> T execute(Function<WalletTransaction, T> work);

    /**
     * As {@link #execute}, also returning the block the transaction committed in when the connection knows it (a
     * ledger in this process reports it with the commit; over the Session API it is not known and the caller reads
     * it back). The default knows no block.
     */
    default <T> Committed<T> executeCommitted(Function<WalletTransaction, T> work) {
        return new Committed<>(execute(work), null);
    }

    /** The Ion system to build statement parameters with. */
    IonSystem ionSystem();

    /** The digest at the latest committed block (QLDB's GetDigest). */
    LedgerDigest digest();

    /**
     * The revision of {@code documentId} committed in block {@code blockAddress}, with its proof to the digest at
     * {@code tip} (QLDB's GetRevision with a DigestTipAddress). Not verified: the caller checks it against
     * {@code tip} ({@link RevisionProof#verify}).
     */
    RevisionProof revisionProof(BlockAddress blockAddress, String documentId, LedgerDigest tip);

    /**
     * The sequence number of the latest committed block: every transaction that returned from {@link #execute}
     * before this call is at or before it.
     */
    long committedTip();

    /**
     * Delivers every committed block from {@code fromSequenceNo} on, in order, to {@code consumer} on a thread of
     * its own: blocks committed already first, then each new one soon after it commits. A consumer that throws stops
     * the delivery ({@link ChangeSubscription#failure()}).
     */
    ChangeSubscription changes(long fromSequenceNo, Consumer<JournalBlock> consumer);

    /**
     * As {@link #changes(long, Consumer)}, asking {@code known} first, in order, for each block: when it answers true
     * the block is neither read nor delivered (the caller knew its contents already and applied them), and the
     * delivery goes on with the next one. A connection may ignore {@code known} and deliver every block (the default
     * does), so a caller must also handle the delivery of a block it said it knew.
     */
    default ChangeSubscription changes(long fromSequenceNo, KnownBlocks known, Consumer<JournalBlock> consumer) {
        return changes(fromSequenceNo, consumer);
    }

    /** Releases what the connection holds (the ledger itself only when the connection opened it). */
    @Override
    void close();
}
