package io.vellum.engine;

import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;

/**
 * A committed transaction.
 *
 * @param transactionId the transaction id
 * @param commitDigest  QLDB's commit digest of the executed statements
 * @param blockAddress  the block it appended, or null for a read-only transaction (which writes no block)
 */
public record CommitResult(String transactionId, Hash commitDigest, BlockAddress blockAddress) {
}
