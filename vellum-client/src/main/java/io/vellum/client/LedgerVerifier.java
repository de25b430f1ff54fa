package io.vellum.client;

import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.verify.BlockProof;
import io.vellum.client.internal.ControlPlane;
import io.vellum.client.internal.NativeProofReads;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.SignedDigest;
import java.util.ArrayList;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;
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
 * <h2>Consistency between digests (beyond QLDB)</h2>
 * {@link #verifyConsistency} fetches a consistency proof from Vellum's native API ({@code /v1/…/consistency}) and
 * checks locally that a newer digest extends an older one (RFC 9162 with {@code dot}): nothing committed up to the
 * older tip was rewritten. A client that saved a digest yesterday proves today's digest extends it.
 *
 * <h2>Signed digests (beyond QLDB)</h2>
 * {@link #getSignedDigest} returns the digest with the ledger's Ed25519 signature over (ledger, strand, tip, digest,
 * time); {@link #verifySignedDigest} checks it against a public key you pinned (e.g. from {@link #getSigningKeys} when
 * the ledger was set up, compared out of band). A signed digest is a receipt the operator cannot later disown.
 * {@link #verifyRevision(Ed25519PublicKey, LedgerDigest, BlockAddress, String)} does all three checks at once.
 *
 * <p>Thread-safe.
 */
public final class LedgerVerifier {
    private final ControlPlane controlPlane;
    private final NativeProofReads nativeReads;

    LedgerVerifier(ControlPlane controlPlane, NativeProofReads nativeReads) {
        this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
        this.nativeReads = Objects.requireNonNull(nativeReads, "nativeReads");
    }

    /**
     * The latest digest with the server's signature ({@code GET /v1/ledgers/{name}/digest}); not verified. Its
     * ledger name is this client's ledger, so a signature the server made for another ledger does not verify.
     */
    public SignedDigest getSignedDigest() {
        return nativeReads.signedDigest();
    }

    /** The ledger's digest-signing public keys as the server publishes them, oldest first; the last is active. */
    public List<SigningKey> getSigningKeys() {
        return signingKeys(nativeReads.keys());
    }

    /**
     * Rotates the ledger's digest-signing key ({@code POST /v1/ledgers/{name}/keys}, an operator's call): a new key
     * signs from now on, the previous one is retired but stays listed, so digests it signed still verify. Returns every
     * key after the rotation, oldest first. Sent once, never retried (a retry after a lost answer would rotate twice:
     * on a connection failure, list the keys to see whether it happened).
     */
    public List<SigningKey> rotateSigningKey() {
        return signingKeys(nativeReads.rotateKey());
    }

    private static List<SigningKey> signingKeys(List<NativeProofReads.PublishedKey> published) {
        List<SigningKey> keys = new ArrayList<>();
        for (NativeProofReads.PublishedKey key : published) {
            keys.add(new SigningKey(key.publicKey(), key.createdAt(), key.retiredAt()));
        }
        return List.copyOf(keys);
    }

    /**
     * Checks that {@code newerDigest} extends {@code olderDigest}: fetches the consistency proof between their tips
     * and verifies it locally; the proof must rebuild both digests exactly as given.
     *
     * @throws VerificationException with the expected and the computed values when it does not (e.g. the ledger was
     *     rewritten before the older tip, or a digest is not the ledger's), or when the older digest is the newer one
     * @throws io.vellum.error.LedgerException INVALID_REQUEST when the server refuses the tips (e.g. the newer tip is
     *     after its last block)
     */
    public void verifyConsistency(LedgerDigest olderDigest, LedgerDigest newerDigest) {
        Objects.requireNonNull(olderDigest, "olderDigest");
        Objects.requireNonNull(newerDigest, "newerDigest");
        if (olderDigest.treeSize() > newerDigest.treeSize()) {
            throw new VerificationException("the older digest must not be after the newer one",
                    "older tip <= " + newerDigest.tipAddress(), olderDigest.tipAddress().toString());
        }
        NativeProofReads.ConsistencyAnswer answer = nativeReads.consistency(olderDigest.tipAddress().sequenceNo(),
                newerDigest.tipAddress().sequenceNo());
        Verifier.verifyConsistency(olderDigest, newerDigest, answer.proof());
    }

    /**
     * Checks {@code signedDigest}'s signature with {@code trustedKey} (ledger name, strand, tip, digest and time are
     * all covered).
     *
     * @throws VerificationException naming the expected and the presented key, or the signed bytes, on failure
     */
    public static void verifySignedDigest(SignedDigest signedDigest, Ed25519PublicKey trustedKey) {
        Objects.requireNonNull(signedDigest, "signedDigest").verifySignature(Objects.requireNonNull(trustedKey,
                "trustedKey"));
    }

    /**
     * All three checks in one call: fetches the latest signed digest and verifies its signature with
     * {@code trustedKey}, verifies that it extends {@code olderTrustedDigest}, then fetches the revision of
     * {@code documentId} in {@code blockAddress} with a proof to it and verifies that.
     *
     * @return the revision and the new signed digest (save it as the next trusted digest)
     * @throws VerificationException on the first check that fails, with expected and computed values
     */
    public VerifiedRevision verifyRevision(Ed25519PublicKey trustedKey, LedgerDigest olderTrustedDigest,
            BlockAddress blockAddress, String documentId) {
        SignedDigest latest = getSignedDigest();
        verifySignedDigest(latest, trustedKey);
        verifyConsistency(olderTrustedDigest, latest.digest());
        Revision revision = getVerifiedRevision(blockAddress, documentId, latest.digest());
        return new VerifiedRevision(revision, latest);
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
