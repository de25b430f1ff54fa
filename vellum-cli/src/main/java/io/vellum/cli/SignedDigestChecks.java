package io.vellum.cli;

import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The signature and consistency checks of {@code vellum verify}: each throws {@link VerificationException} with the
 * expected and computed values, and prints what it verified.
 */
final class SignedDigestChecks {
    private final Ed25519PublicKey pinnedKey;
    private final PrintWriter out;
    private String signedLedger;

    /** @param pinnedKey the {@code --public-key}, or null when signatures are not to be checked */
    SignedDigestChecks(Ed25519PublicKey pinnedKey, PrintWriter out) {
        this.pinnedKey = pinnedKey;
        this.out = out;
    }

    /**
     * Checks {@code signed} (the digest of {@code file}) with the pinned key. The newest digest given must be signed
     * when a key is pinned; an older one may be unsigned (e.g. Amazon QLDB's GetDigest), its trust then comes from
     * wherever it was saved.
     */
    void signature(Path file, SignedDigest signed, boolean newest) {
        if (pinnedKey == null) {
            if (signed != null) {
                out.println("Signature of " + file + " not checked (no --public-key given)");
            }
            return;
        }
        if (signed == null) {
            if (newest) {
                throw new VerificationException(file + ": the digest must carry a signature to be checked against "
                        + "--public-key", "a \"signature\" member (a /v1 digest or consistency answer)", "none");
            }
            out.println("Digest of " + file + " is unsigned: trusted as saved");
            return;
        }
        if (signedLedger != null && !signedLedger.equals(signed.ledgerName())) {
            throw VerificationException.disagreement(file + ": both digests must be of one ledger", "the first file",
                    "ledger " + signedLedger, file.toString(), "ledger " + signed.ledgerName());
        }
        signed.verifySignature(pinnedKey);
        signedLedger = signed.ledgerName();
        out.println("Verified signature of " + file);
        out.println("  ledger:          " + signed.ledgerName());
        out.println("  digest:          " + signed.digest().digest() + " at tip " + signed.digest().tipAddress());
        out.println("  signed at:       " + signed.signedAt());
        out.println("  key:             " + pinnedKey.toBase64() + " (keyId " + signed.keyId() + ", pinned)");
    }

    /** Checks that the consistency answer starts at the older digest and that its proof links the two digests. */
    void consistency(Path olderFile, VerifyCommand.TrustedDigest older, SavedConsistency consistency) {
        if (!consistency.from().equals(older.digest())) {
            throw VerificationException.disagreement(consistency.file() + ": the consistency answer must start at the "
                    + "digest of " + olderFile + " (request it with from=" + older.digest().tipAddress().sequenceNo()
                    + ")", olderFile.toString(), older.digest().digest() + " at tip " + older.digest().tipAddress(),
                    "from", consistency.from().digest() + " at tip " + consistency.from().tipAddress());
        }
        Verifier.verifyConsistency(older.digest(), consistency.to(), consistency.proof());
        out.println("Verified " + consistency.file() + " extends " + olderFile);
        out.println("  older digest:    " + older.digest().digest() + " at tip " + older.digest().tipAddress());
        out.println("  newer digest:    " + consistency.to().digest() + " at tip " + consistency.to().tipAddress());
        out.println("  proof:           " + consistency.proof().size() + " hashes (RFC 9162 consistency, dot as the "
                + "node hash): rebuilds both digests; nothing up to the older tip was rewritten");
    }
}
