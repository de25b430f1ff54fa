package io.vellum.engine.internal.commit;

import io.vellum.proof.block.BlockRevision;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.engine.internal.redaction.RevisionRedaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The redacted forms of the blocks a redaction block redacts revisions of, so that the
 * replicated log can hold those instead of the originals (a compacted topic keyed by sequence number keeps only the
 * newest record of each block; see docs/DECISIONS.md, "Redaction in cluster mode").
 *
 * <p>A redacted form is the full block (Ion binary, as {@link LedgerReplica#blockPayload} gives blocks) with each
 * named revision's {@code data} replaced by {@code dataHash}. Its block hash is the original's (a revision's hash
 * is {@code dot(ionHash(metadata), dataHash)} either way), and it is checked to be before it is handed out.
 */
final class RedactedBlockForms {
    private RedactedBlockForms() {
    }

    /**
     * The redacted forms of the blocks {@code redactionBlock} redacts revisions of (none when it redacts nothing).
     *
     * @param held the full Ion binary of a committed block as it should be redacted further: the block as the
     *             journal gives it, or its newest redacted form when one is newer than the journal
     * @throws LedgerException CORRUPTION when a redacted form would not keep its block's hash (it never should)
     */
    static List<LedgerReplica.RedactedForm> of(JournalBlock redactionBlock, LongFunction<byte[]> held) {
        Map<Long, List<RevisionRedaction.Request>> byBlock = new LinkedHashMap<>();
        for (RevisionRedaction.Request request : RevisionRedaction.fromRedactionInfo(redactionBlock.redactionInfo(),
                redactionBlock.blockAddress().sequenceNo())) {
            byBlock.computeIfAbsent(request.sequenceNo(), ignored -> new ArrayList<>()).add(request);
        }
        List<LedgerReplica.RedactedForm> forms = new ArrayList<>(byBlock.size());
        for (Map.Entry<Long, List<RevisionRedaction.Request>> entry : byBlock.entrySet()) {
            JournalBlock block = JournalBlock.fromIonBinary(held.apply(entry.getKey()));
            JournalBlock redacted = redact(block, entry.getValue());
            redacted.verify();
            if (!redacted.blockHash().equals(block.blockHash())) {
                throw new LedgerException(ErrorCode.CORRUPTION, "block " + entry.getKey() + ": its redacted form "
                        + "has block hash " + redacted.blockHash() + " but the block has " + block.blockHash());
            }
            forms.add(new LedgerReplica.RedactedForm(entry.getKey(), block.blockTimestamp().getMillis(),
                    redacted.toIonBinary()));
        }
        return forms;
    }

    private static JournalBlock redact(JournalBlock block, List<RevisionRedaction.Request> requests) {
        List<BlockRevision> revisions = new ArrayList<>(block.revisions().size());
        for (BlockRevision entry : block.revisions()) {
            if (entry instanceof Revision revision && revision.data() != null && requests.stream().anyMatch(
                    request -> request.documentId().equals(revision.metadata().id())
                            && request.version() == revision.metadata().version())) {
                revisions.add(revision.redact());
            } else {
                revisions.add(entry);
            }
        }
        return new JournalBlock(block.blockAddress(), block.transactionId(), block.blockTimestamp(),
                block.blockHash(), block.entriesHash(), block.previousBlockHash(), block.entriesHashList(),
                block.transactionInfo(), block.redactionInfo(), revisions);
    }
}
