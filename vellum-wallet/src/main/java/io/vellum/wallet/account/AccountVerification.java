package io.vellum.wallet.account;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.RevisionProof;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A verified revision of an account: the revision, its proof, the ledger digest the proof folds it to, and the
 * account id and balance read from that very revision's hashed data. Only {@link #check} creates one, after the
 * checks passed, so what a Verify answer shows (account, balance, version) is exactly what was verified. The
 * revision, proof and digest are everything a client needs to repeat the check offline.
 *
 * @param accountId the account, as the verified revision's data holds it
 * @param revision  the revision as the ledger returned it (GetRevision), its hash recomputed from these contents
 * @param proof     the hashes that fold the revision hash to the digest
 * @param digest    the digest at the ledger's tip when verified (GetDigest)
 * @param balance   the balance exactly as the verified revision's data holds it (digits and scale as hashed)
 */
public record AccountVerification(String accountId, Revision revision, List<Hash> proof, LedgerDigest digest,
                                  BigDecimal balance) {
    public AccountVerification {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(revision, "revision");
        proof = List.copyOf(proof);
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(balance, "balance");
    }

    /**
     * Checks what the ledger returned: that it is the revision asked for (document and version), that its data is
     * account {@code accountId}'s with one balance, that its hash is the one its contents give, and that the proof
     * folds that hash to {@code digest} (the digest at the tip the proof was asked for).
     *
     * @throws VerificationException naming the failed check with the expected and the computed (or found) values
     */
    static AccountVerification check(String accountId, RevisionProof proven, LedgerDigest digest, String documentId,
            long version) {
        Revision revision = proven.revision();
        if (!revision.metadata().id().equals(documentId) || revision.metadata().version() != version) {
            throw new VerificationException("the ledger must return the revision asked for",
                    documentId + " version " + version,
                    revision.metadata().id() + " version " + revision.metadata().version());
        }
        if (revision.data() == null) {
            throw new VerificationException("revision " + documentId + " version " + version + " must hold the "
                    + "account's data to show its balance", "data", revision.isRedacted() ? "redacted" : "a delete");
        }
        IonValue accountField = single(revision, WalletSchema.ACCOUNT_ID);
        String shownAccount = accountField.getType() == IonType.STRING && !accountField.isNullValue()
                ? ((IonText) accountField).stringValue() : null;
        if (!accountId.equals(shownAccount)) {
            throw new VerificationException("revision " + documentId + " version " + version + " must be account "
                    + accountId + "'s", "accountId \"" + accountId + "\"", "accountId " + accountField);
        }
        IonValue balanceField = single(revision, WalletSchema.BALANCE);
        BigDecimal balance;
        if (balanceField instanceof IonDecimal decimal && !decimal.isNullValue()) {
            balance = decimal.bigDecimalValue();
        } else if (balanceField instanceof IonInt integer && !integer.isNullValue()) {
            balance = new BigDecimal(integer.bigIntegerValue());
        } else {
            throw new VerificationException("revision " + documentId + " version " + version + " must hold a "
                    + "numeric balance", "a decimal balance", "balance " + balanceField);
        }
        proven.verify(digest);
        return new AccountVerification(accountId, revision, proven.proof(), digest, balance);
    }

    /** The one field {@code name} of the revision's data; a missing or repeated field fails. */
    private static IonValue single(Revision revision, String name) {
        List<IonValue> found = new ArrayList<>(1);
        for (IonValue field : revision.data()) {
            if (name.equals(field.getFieldName())) {
                found.add(field);
            }
        }
        if (found.size() != 1) {
            throw new VerificationException("revision " + revision.metadata().id() + " version "
                    + revision.metadata().version() + " must hold " + name + " exactly once", "1 " + name,
                    found.size() + " " + name);
        }
        return found.get(0);
    }
}
