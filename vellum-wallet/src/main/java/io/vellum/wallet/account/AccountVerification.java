package io.vellum.wallet.account;

import io.vellum.proof.Hash;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.Revision;
import io.vellum.proof.VerificationException;
import io.vellum.proof.Verifier;
import io.vellum.wallet.ledger.ProvenRevision;
import java.util.List;
import java.util.Objects;

/**
 * A revision of an account, its proof, the ledger digest the proof leads to, and the outcome of checking them
 * here. The revision, proof and digest are everything a client needs to repeat the check offline.
 *
 * @param accountId the account
 * @param revision  the revision as the ledger returned it (GetRevision)
 * @param proof     the hashes that fold the revision hash to the digest
 * @param digest    the digest at the ledger's tip when verified (GetDigest)
 * @param verified  whether the revision's recomputed hash folds with the proof to the digest
 * @param detail    what was checked, or what failed with the expected and computed values
 */
public record AccountVerification(String accountId, Revision revision, List<Hash> proof, LedgerDigest digest,
                                  boolean verified, String detail) {
    public AccountVerification {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(revision, "revision");
        proof = List.copyOf(proof);
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Checks what the ledger returned: that it is the revision asked for, that its hash is the one its contents give,
     * and that the proof folds that hash to the digest.
     */
    static AccountVerification check(String accountId, ProvenRevision proven, String documentId, long version) {
        Revision revision = proven.revision();
        try {
            if (!revision.metadata().id().equals(documentId) || revision.metadata().version() != version) {
                throw new VerificationException("the ledger must return the revision asked for",
                        documentId + " version " + version,
                        revision.metadata().id() + " version " + revision.metadata().version());
            }
            Verifier.verifyRevision(revision, proven.proof(), proven.digest());
            return new AccountVerification(accountId, revision, proven.proof(), proven.digest(), true,
                    "revision hash " + revision.hash() + " (recomputed from the revision's metadata and data) folds "
                            + "with " + proven.proof().size() + " proof hashes to digest " + proven.digest().digest()
                            + " at tip " + proven.digest().tipAddress());
        } catch (VerificationException e) {
            return new AccountVerification(accountId, revision, proven.proof(), proven.digest(), false,
                    e.getMessage());
        }
    }
}
