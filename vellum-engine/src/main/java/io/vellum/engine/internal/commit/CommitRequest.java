package io.vellum.engine.internal.commit;

import io.vellum.engine.catalog.Catalog;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.TransactionInfo;
import io.vellum.engine.internal.apply.IndexChange;
import io.vellum.engine.internal.apply.StoredRevision;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction handed to the committer: everything needed to validate it and to build its block. Revision
 * hashes were computed by the transaction's own thread; the committer only sets their block address.
 *
 * @param indexChanges per document id, how its revision changes each index of its table
 * @param storedRevisions per document id, its revision as the state store keeps it ({@link StoredRevision#encodeBody})
 * @param catalog      the catalog after this transaction's DDL, or null when it ran none
 * @param redactionInfo the block's {@code redactionInfo} when the transaction ran {@code EXEC redact_revision},
 *                      else null
 * @param readFrom     the results of the commits, sealed but not yet published when this transaction read them,
 *                     whose writes it read (a hot document's lock handed on early); empty for most. The committer
 *                     refuses this transaction unless every one of them committed first
 * @param sealed       for a transaction holding hot documents' locks, completed by the committer with its block's
 *                     sequence number once its commit is sealed on the non-pipelined path, before the block is
 *                     durable, so that its thread hands the locks on early; completed with -1 when the commit ends
 *                     otherwise (or without that notice). Null for a transaction holding no hot lock
 */
public record CommitRequest(String transactionId, long snapshotSequenceNo, long deadlineNanos, ReadSet reads,
                     Map<String, List<IndexChange>> indexChanges, Map<String, byte[]> storedRevisions,
                     List<Revision> revisions,
                     TransactionInfo transactionInfo, Hash transactionInfoHash,
                     WriteSummary summary, Catalog catalog, Hash commitDigest,
                     CompletableFuture<io.vellum.proof.block.BlockAddress> result,
                     com.amazon.ion.IonStruct redactionInfo,
                     List<CompletableFuture<io.vellum.proof.block.BlockAddress>> readFrom,
                     CompletableFuture<Long> sealed) {

    /** The {@link #sealed} value of a commit that ended without an early notice. */
    public static final long NOT_SEALED_EARLY = -1;

    boolean changesCatalog() {
        return catalog != null;
    }

    /** Whether this transaction holds hot documents' locks, which it hands on once its commit is sealed. */
    boolean holdsHotLocks() {
        return sealed != null;
    }

    /** The error of a transaction that outlived its timeout, as QLDB words it (at commit and at every later use). */
    public static LedgerException expired(String transactionId) {
        return new LedgerException(ErrorCode.TRANSACTION_EXPIRED, "Transaction " + transactionId + " has expired");
    }
}
