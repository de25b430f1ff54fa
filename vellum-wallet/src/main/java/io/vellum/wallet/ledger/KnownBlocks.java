package io.vellum.wallet.ledger;

/**
 * What the subscriber of a change feed knows of blocks without reading them: the blocks its own operations committed,
 * handed to it when their commits returned ({@link LedgerConnection#changes(long, KnownBlocks,
 * java.util.function.Consumer)}). Both questions are asked in order, by the feed's thread, for the block the feed is
 * at; an answer of true means the subscriber has applied the block and the feed goes on with the next one.
 */
public interface KnownBlocks {
    /**
     * Asked before block {@code sequenceNo} is known to be committed: whether the block is handed in, waiting briefly
     * for it while operations of the subscriber are committing. A block handed in is committed, so a feed that
     * gets true needs no commit signal; false concludes nothing (the block may not exist yet).
     */
    boolean awaitHandedIn(long sequenceNo);

    /**
     * Asked once block {@code sequenceNo} is committed: whether it was handed in (now applied), so it is neither read
     * nor delivered; false to read and deliver it.
     */
    boolean handledWithoutReading(long sequenceNo);
}
