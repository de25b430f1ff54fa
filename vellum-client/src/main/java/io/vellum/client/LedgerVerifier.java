package io.vellum.client;

import io.vellum.client.internal.ControlPlane;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.Hash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.Revision;
import io.vellum.proof.VerificationException;
import io.vellum.proof.Verifier;
import java.util.List;
import java.util.Objects;

/**
 * Client-side verification of one ledger, never trusting the server's word: fetches digests, revisions and blocks
 * over the QLDB control plane (GetDigest, GetRevision, GetBlock; SigV4-signed REST-JSON) and checks them locally
 * with {@link Verifier}: a revision's hash is recomputed from its contents, then its proof must fold it to the digest.
 *
 * <h2>Where the trusted digest comes from</h2>
 * A proof shows that a revision belongs to the ledger that a digest summarises. It is only as good as that digest: a
 * digest fetched from the same server in the same breath proves that the server's answers are consistent with each
 * other, not that they are authentic (a server that rewrote history can produce a matching digest). Obtain the
 * trusted digest out of band: save {@link #getDigest()} when the data is written (in another system, a signed log, a
 * printed receipt) and verify later revisions against that saved digest; a digest covers every block up to its tip,
 * so revisions committed before the tip can be checked against it forever.
 *
 * <h2>Consistency between digests</h2>
 * Checking that a newer digest extends an older one needs a consistency proof; the QLDB control plane has no
 * operation that returns one, so this class offers none (the math is {@link Verifier#verifyConsistency} for a server
 * that publishes such proofs elsewhere).
 *
 * <p>Thread-safe.
 */
public final class LedgerVerifier {
    private final ControlPlane controlPlane;

    LedgerVerifier(ControlPlane controlPlane) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    }

    /**
     * GetDigest: the ledger's digest at its latest committed block, as the server states it. Save it to verify
     * against later; see the class comment for why a freshly fetched digest is not a trust anchor.
     */
    public LedgerDigest getDigest() {
        return controlPlane.getDigest();
    }

    /**
     * GetRevision of document {@code documentId}'s revision committed in {@code blockAddress}, with the proof up to
     * the digest whose tip is {@code digestTipAddress}. Not verified: call {@link RevisionProof#verify}.
     */
    public RevisionProof getRevision(BlockAddress blockAddress, String documentId, BlockAddress digestTipAddress) {
        Objects.requireNonNull(blockAddress, "blockAddress");
        Objects.requireNonNull(digestTipAddress, "digestTipAddress");
        return controlPlane.getRevision(blockAddress, documentId, digestTipAddress);
    }

    /** GetBlock of {@code blockAddress} with the proof up to the digest at {@code digestTipAddress}; not verified. */
    public BlockProof getBlock(BlockAddress blockAddress, BlockAddress digestTipAddress) {
        Objects.requireNonNull(blockAddress, "blockAddress");
        Objects.requireNonNull(digestTipAddress, "digestTipAddress");
        return controlPlane.getBlock(blockAddress, digestTipAddress);
    }

    /**
     * Fetches the revision of {@code documentId} committed in {@code blockAddress} with a proof to
     * {@code trustedDigest}, checks that it is the revision asked for, and verifies it.
     *
     * @return the verified revision
     * @throws VerificationException when the server answered with another revision, or it does not verify
     */
    public Revision getVerifiedRevision(BlockAddress blockAddress, String documentId, LedgerDigest trustedDigest) {
        Objects.requireNonNull(trustedDigest, "trustedDigest");
        RevisionProof answer = getRevision(blockAddress, documentId, trustedDigest.tipAddress());
        Revision revision = answer.revision();
        if (!revision.metadata().id().equals(documentId)) {
            throw new VerificationException("GetRevision must return the document asked for", documentId,
                    revision.metadata().id());
        }
        if (!revision.blockAddress().equals(blockAddress)) {
            throw new VerificationException("GetRevision must return the revision in the block asked for",
                    blockAddress.toIonText(), revision.blockAddress().toIonText());
        }
        verifyRevision(revision, answer.proof(), trustedDigest);
        return revision;
    }

    /**
     * Fetches block {@code blockAddress} with a proof to {@code trustedDigest}, checks that it is the block asked for,
     * and verifies it (its own hashes, then the proof).
     *
     * @return the verified block
     * @throws VerificationException when the server answered with another block, or it does not verify
     */
    public JournalBlock getVerifiedBlock(BlockAddress blockAddress, LedgerDigest trustedDigest) {
        Objects.requireNonNull(trustedDigest, "trustedDigest");
        BlockProof answer = getBlock(blockAddress, trustedDigest.tipAddress());
        if (!answer.block().blockAddress().equals(blockAddress)) {
            throw new VerificationException("GetBlock must return the block asked for", blockAddress.toIonText(),
                    answer.block().blockAddress().toIonText());
        }
        verifyBlock(answer.block(), answer.proof(), trustedDigest);
        return answer.block();
    }

    /**
     * Verifies a revision offline: recomputes its hash from its metadata and data (so a changed document fails even
     * when its stated hash is left alone), then folds {@code proof} onto it with {@code dot} and requires the result
     * to equal {@code trustedDigest}, and requires the revision's block to be covered by the digest.
     *
     * @param trustedDigest a digest obtained out of band (see the class comment)
     * @throws VerificationException with the expected and the computed hash on any mismatch
     */
    public static void verifyRevision(Revision revision, List<Hash> proof, LedgerDigest trustedDigest) {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(trustedDigest, "trustedDigest");
        Verifier.verifyRevision(revision, proof, trustedDigest);
    }

    /**
     * Verifies a block offline: its entries hash and block hash are recomputed from its contents, then {@code proof}
     * must fold its block hash to {@code trustedDigest}.
     *
     * @throws VerificationException with the expected and the computed values on any mismatch
     */
    public static void verifyBlock(JournalBlock block, List<Hash> proof, LedgerDigest trustedDigest) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(trustedDigest, "trustedDigest");
        Verifier.verifyBlock(block, proof, trustedDigest);
    }
}
