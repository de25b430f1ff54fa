package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.RevisionProof;
import io.vellum.proof.Hash;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.Revision;
import io.vellum.wallet.ledger.ProvenRevision;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify's {@code verified} flag is an honest check, not a constant: a genuine revision verifies; a changed balance,
 * a wrong proof, a digest of another ledger state or a revision other than the one asked for do not, and the detail
 * says what failed.
 */
class AccountVerificationTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;
    private ProvenRevision genuine;
    private String documentId;

    @BeforeEach
    void commitTwoRevisions() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(transaction -> transaction.execute("CREATE TABLE Wallet"));
            documentId = ledger.execute(transaction -> ((IonString) ((IonStruct) transaction.execute(
                    "INSERT INTO Wallet VALUE {'accountId': 'alice', 'balance': 10.00, 'currency': 'USD'}").get(0))
                    .get("documentId")).stringValue());
            ledger.execute(transaction -> transaction.execute(
                    "UPDATE Wallet AS w SET w.balance = 25.00 WHERE w.accountId = 'alice'"));
            LedgerDigest digest = ledger.digest();
            RevisionProof proof = ledger.revision(digest.tipAddress(), documentId, digest.tipAddress());
            genuine = new ProvenRevision(proof.revision(), proof.proof(), proof.digest());
        }
    }

    @Test
    void aGenuineRevisionVerifies() {
        AccountVerification verification = AccountVerification.check("alice", genuine, documentId, 1);
        assertThat(verification.verified()).as(verification.detail()).isTrue();
        assertThat(verification.detail()).contains(genuine.revision().hash().toString(),
                genuine.digest().digest().toString());
    }

    @Test
    void aChangedBalanceDoesNotVerifyAndTheDetailShowsBothHashes() {
        Revision revision = genuine.revision();
        IonStruct richer = (IonStruct) revision.data().clone();
        richer.put("balance", ION.newDecimal(new BigDecimal("2500.00")));
        Revision tampered = new Revision(revision.blockAddress(), revision.hash(), richer, null, revision.metadata());
        AccountVerification verification = AccountVerification.check("alice",
                new ProvenRevision(tampered, genuine.proof(), genuine.digest()), documentId, 1);
        assertThat(verification.verified()).isFalse();
        assertThat(verification.detail()).contains(revision.hash().toString(), tampered.computeHash().toString());
    }

    @Test
    void aWrongProofDoesNotVerify() {
        List<Hash> shorter = new ArrayList<>(genuine.proof());
        shorter.remove(shorter.size() - 1);
        assertThat(AccountVerification.check("alice", new ProvenRevision(genuine.revision(), shorter,
                genuine.digest()), documentId, 1).verified()).isFalse();
        List<Hash> swapped = new ArrayList<>(genuine.proof());
        swapped.set(0, genuine.digest().digest());
        assertThat(AccountVerification.check("alice", new ProvenRevision(genuine.revision(), swapped,
                genuine.digest()), documentId, 1).verified()).isFalse();
    }

    @Test
    void aDigestOfAnotherLedgerStateDoesNotVerify() {
        LedgerDigest other = new LedgerDigest(genuine.proof().get(0), genuine.digest().tipAddress());
        AccountVerification verification = AccountVerification.check("alice",
                new ProvenRevision(genuine.revision(), genuine.proof(), other), documentId, 1);
        assertThat(verification.verified()).isFalse();
        assertThat(verification.detail()).contains(other.digest().toString());
    }

    @Test
    void aRevisionOtherThanTheOneAskedForDoesNotVerify() {
        AccountVerification olderAskedFor = AccountVerification.check("alice", genuine, documentId, 0);
        assertThat(olderAskedFor.verified()).isFalse();
        assertThat(olderAskedFor.detail()).contains("the ledger must return the revision asked for");
        assertThat(AccountVerification.check("alice", genuine, "someOtherDocument12345", 1).verified()).isFalse();
    }
}
