package io.vellum.engine.internal.commit;

import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A redaction block reaching a node through the follower path ({@link LedgerReplica#apply}: a follower, a writer
 * catching up, a node rebuilding from the topic) erases the data as the writer's commit did: applying the block
 * overwrites the stored revision and marks its block ({@link BlockApplier}); then this rewrites the marked journal
 * records in place ({@link JournalRedactor#rewriteJournal()}) and purges the store's files
 * ({@link JournalRedactor#purgeStore(long)}). So the bytes leave every node's data directory, not only the writer's.
 *
 * <p>Failures are logged, not thrown: the redaction block is applied and durable either way, its pending markers
 * stay, and the next redaction or open of the ledger on this node finishes the erasure.
 */
final class RedactionOnFollower {
    private static final Logger LOG = LoggerFactory.getLogger(RedactionOnFollower.class);

    private RedactionOnFollower() {
    }

    /**
     * Rewrites the journal records the redaction blocks among {@code applied} (just applied and published) marked.
     * Runs under the committer's tip lock, like the writer's rewrite, so no round or apply interleaves.
     *
     * @return the sequence number of the newest redaction block among them, -1 when there is none
     */
    static long rewriteJournal(CommitContext core, List<JournalBlock> applied) {
        long newest = -1;
        for (JournalBlock block : applied) {
            if (block.redactionInfo() != null) {
                newest = block.blockAddress().sequenceNo();
            }
        }
        if (newest < 0) {
            return -1;
        }
        try {
            core.rewriteRedactedJournalRecords();
        } catch (LedgerException e) {
            LOG.error("Rewriting journal records after the replicated redaction in block {} failed; the next open "
                    + "finishes it: {}", newest, e.getMessage());
        }
        return newest;
    }

    /**
     * Compacts the state store once no snapshot older than redaction block {@code redactionSequenceNo} is open (at
     * most twice the transaction timeout; read-only transactions on a follower are the only ones that can hold it).
     */
    static void purgeStore(CommitContext core, long redactionSequenceNo) {
        try {
            core.purgeRedactedRevisions(redactionSequenceNo);
        } catch (LedgerException e) {
            LOG.error("Purging the state store after the replicated redaction in block {} failed; the next "
                    + "redaction or open retries: {}", redactionSequenceNo, e.getMessage());
        }
    }
}
