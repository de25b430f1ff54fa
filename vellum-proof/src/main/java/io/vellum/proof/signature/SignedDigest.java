package io.vellum.proof.signature;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.VerificationException;

/**
 * A ledger digest with the server's Ed25519 signature over ({@code ledgerName}, strand, tip, digest,
 * {@code signedAt}) in the layout of {@link SignedDigestBytes}: a receipt. Whoever holds it and the ledger's public
 * key can show that the operator stated, at {@code signedAt}, that the ledger's blocks {@code 0..tip} have this
 * Merkle root; with a consistency proof, that a later digest extends it.
 *
 * @param keyId the {@link Ed25519PublicKey#keyId()} of the key that signed
 */
public record SignedDigest(String ledgerName, LedgerDigest digest, Instant signedAt, String keyId,
                           Ed25519Signature signature) {
    public SignedDigest {
        Objects.requireNonNull(ledgerName, "ledgerName");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
        SignedDigestBytes.encode(ledgerName, digest, signedAt);
    }

    /** The exact bytes {@link #signature()} covers. */
    public byte[] signedBytes() {
        return SignedDigestBytes.encode(ledgerName, digest, signedAt);
    }

    /**
     * Checks that {@code publicKey} (one the verifier trusts, e.g. pinned when the ledger was set up) made this
     * signature over this statement.
     *
     * @throws VerificationException when the signature names another key or does not verify, with the expected and
     *     computed values
     */
    public void verifySignature(Ed25519PublicKey publicKey) {
        String what = "signature of ledger " + ledgerName + "'s digest at tip " + digest.tipAddress() + " signed at "
                + signedAt;
        if (!keyId.equals(publicKey.keyId())) {
            throw new VerificationException(what + ": the signature must be by the trusted key",
                    "keyId " + publicKey.keyId(), "keyId " + keyId);
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey.toJdk());
            verifier.update(signedBytes());
            valid = verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new VerificationException(what + ": the Ed25519 signature must verify with key " + publicKey.toBase64()
                    + " over the signed bytes " + HexFormat.of().formatHex(signedBytes()),
                    "a valid signature", "signature " + signature.toBase64() + " does not verify");
        }
    }
}
