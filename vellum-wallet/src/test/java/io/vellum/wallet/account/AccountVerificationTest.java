package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify checks honestly and shows only what it checked: a genuine revision verifies and its balance is the one it
 * hashed; a changed balance, another account's revision, a repeated balance field, a wrong proof, a digest of another
 * ledger state or a revision other than the one asked for throw with the expected and computed values.
 */
class AccountVerificationTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;
    private RevisionProof genuine;
    private LedgerDigest digest;
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
            digest = ledger.digest();
            genuine = ledger.revision(digest.tipAddress(), documentId, digest.tipAddress());
        }
    }

    @Test
    void aGenuineRevisionVerifiesAndShowsTheBalanceItHashed() {
        AccountVerification verification = AccountVerification.check("alice", genuine, digest, documentId, 1);
        assertThat(verification.accountId()).isEqualTo("alice");
        // exactly as hashed: digits and scale of the revision's data, not a re-formatted amount
        assertThat(verification.balance()).isEqualTo(new BigDecimal("25.00"));
        assertThat(verification.revision()).isSameAs(genuine.revision());
    }

    @Test
    void aChangedBalanceThrowsWithTheStoredAndRecomputedHashes() {
        Revision revision = genuine.revision();
        Revision tampered = withData(revision, "balance", ION.newDecimal(new BigDecimal("2500.00")));
        assertThatThrownBy(() -> AccountVerification.check("alice",
                new RevisionProof(tampered, genuine.proof()), digest, documentId, 1))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.expected()).isEqualTo(revision.hash());
                    assertThat(e.computed()).isEqualTo(tampered.computeHash());
                });
    }

    @Test
    void aRevisionOfAnotherAccountThrowsNamingBothAccounts() {
        // Shown as alice's, it would show bob's balance as hers: refused before any hash is looked at.
        Revision bobs = Revision.create(genuine.revision().blockAddress(),
                withData(genuine.revision(), "accountId", ION.newString("bob")).data(), genuine.revision().metadata());
        assertThatThrownBy(() -> AccountVerification.check("alice",
                new RevisionProof(bobs, genuine.proof()), digest, documentId, 1))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("must be account alice's").hasMessageContaining("\"bob\"");
    }

    @Test
    void aSecondBalanceFieldThrowsRatherThanShowingOneOfThem() {
        IonStruct data = genuine.revision().data().clone();
        data.add("balance", ION.newDecimal(new BigDecimal("9999.00")));
        Revision twoBalances = Revision.create(genuine.revision().blockAddress(), data, genuine.revision().metadata());
        assertThatThrownBy(() -> AccountVerification.check("alice",
                new RevisionProof(twoBalances, genuine.proof()), digest, documentId, 1))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("must hold balance exactly once").hasMessageContaining("2 balance");
    }

    @Test
    void aWrongProofThrows() {
        List<Hash> shorter = new ArrayList<>(genuine.proof());
        shorter.remove(shorter.size() - 1);
        assertThatThrownBy(() -> AccountVerification.check("alice", new RevisionProof(genuine.revision(), shorter),
                digest, documentId, 1)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("must fold to the digest");
        List<Hash> swapped = new ArrayList<>(genuine.proof());
        swapped.set(0, digest.digest());
        assertThatThrownBy(() -> AccountVerification.check("alice", new RevisionProof(genuine.revision(), swapped),
                digest, documentId, 1)).isInstanceOf(VerificationException.class);
    }

    @Test
    void aDigestOfAnotherLedgerStateThrows() {
        LedgerDigest other = new LedgerDigest(genuine.proof().get(0), digest.tipAddress());
        assertThatThrownBy(() -> AccountVerification.check("alice", genuine, other, documentId, 1))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.expected()).isEqualTo(other.digest()));
    }

    @Test
    void aRevisionOtherThanTheOneAskedForThrows() {
        assertThatThrownBy(() -> AccountVerification.check("alice", genuine, digest, documentId, 0))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("the ledger must return the revision asked for");
        assertThatThrownBy(() -> AccountVerification.check("alice", genuine, digest, "someOtherDocument12345", 1))
                .isInstanceOf(VerificationException.class);
    }

    private static Revision withData(Revision revision, String field, com.amazon.ion.IonValue value) {
        IonStruct data = revision.data().clone();
        data.put(field, value);
        return new Revision(revision.blockAddress(), revision.hash(), data, null, revision.metadata());
    }
}
