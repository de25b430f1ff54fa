package io.vellum.client;

import io.vellum.proof.block.Revision;
import io.vellum.proof.signature.SignedDigest;
import java.util.Objects;

/**
 * The outcome of {@link LedgerVerifier#verifyRevision(io.vellum.proof.signature.Ed25519PublicKey, io.vellum.proof.block.LedgerDigest,
 * io.vellum.proof.block.BlockAddress, String)}: a revision proven to be in the ledger at {@code digest}, a digest signed
 * by the trusted key and proven to extend the older trusted digest. Keep {@code digest}: it is the next trusted digest.
 */
public record VerifiedRevision(Revision revision, SignedDigest digest) {
    public VerifiedRevision {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(digest, "digest");
    }
}
