package io.vellum.client;


import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.BlockProof;
import io.vellum.proof.verify.RevisionProof;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client-side verification against a real server: a revision fetched with GetRevision verifies against a digest
 * saved before later commits; changed data, a changed proof or another digest fail with expected vs computed.
 */
class VerificationIT {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();

    private VellumClient client;
    private LedgerVerifier verifier;
    private IonStruct account;
    private BlockAddress block;
    private String documentId;
    private LedgerDigest savedDigest;

    @BeforeEach
    void commitARevisionAndSaveTheDigest() {
        client = SERVER.client(SERVER.createLedger("verify"));
        verifier = client.ledgerVerifier();
        account = (IonStruct) client.ionSystem().singleValue("{accountId: \"alice\", balance: 100.00}");
        CommittedAccount committed = CommittedAccount.commit(client, account);
        block = committed.block();
        documentId = committed.documentId();
        // Saved now, kept out of band; the ledger moves on afterwards.
        savedDigest = verifier.getDigest();
        assertThat(savedDigest.tipAddress().sequenceNo()).isGreaterThanOrEqualTo(block.sequenceNo());
        CommittedAccount.commitOthers(client, 3);
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aRevisionVerifiesAgainstTheDigestSavedEarlier() {
        Revision revision = verifier.getVerifiedRevision(block, documentId, savedDigest);
        assertThat(revision.data()).isEqualTo(account);
        assertThat(revision.metadata().id()).isEqualTo(documentId);
        assertThat(revision.metadata().version()).isZero();

        RevisionProof answer = verifier.getRevision(block, documentId, savedDigest.tipAddress());
        assertThat(answer.proof()).isNotEmpty();
        answer.verify(savedDigest);
        LedgerVerifier.verifyRevision(answer.revision(), answer.proof(), savedDigest);

        // The ledger grew: a fresh digest has another tip, and the saved digest still anchors the old revision.
        LedgerDigest later = verifier.getDigest();
        assertThat(later.tipAddress().sequenceNo()).isGreaterThan(savedDigest.tipAddress().sequenceNo());
        verifier.getVerifiedRevision(block, documentId, later);
    }

    @Test
    void aRedactedRevisionStillVerifiesWithItsDataHash() {
        IonSystem ion = client.ionSystem();
        client.execute(txn -> txn.execute("UPDATE Accounts AS a SET a.balance = 90.00 WHERE a.accountId = 'alice'"));
        String tableId = ((IonText) client.execute(txn -> txn.execute(
                "SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = 'Accounts'"))
                .toList().get(0)).stringValue();
        IonStruct address = (IonStruct) ion.singleValue("{strandId:\"" + block.strandId() + "\",sequenceNo:"
                + block.sequenceNo() + "}");
        client.execute(txn -> txn.execute("EXEC redact_revision ?, ?, ?", address, ion.newString(tableId),
                ion.newString(documentId)));

        // Against the digest saved before the redaction, and against a new one: same hash, dataHash for data.
        Revision redacted = verifier.getVerifiedRevision(block, documentId, savedDigest);
        assertThat(redacted.isRedacted()).isTrue();
        assertThat(redacted.data()).isNull();
        assertThat(redacted.dataHash()).isEqualTo(io.vellum.proof.hash.IonHash.of(account));
        Revision again = verifier.getVerifiedRevision(block, documentId, verifier.getDigest());
        assertThat(again.hash()).isEqualTo(redacted.hash());
        // A dataHash changed in transit fails with expected and computed hashes.
        Revision forged = new Revision(redacted.blockAddress(), redacted.hash(), null,
                io.vellum.proof.hash.IonHash.of(ion.singleValue("{accountId: \"mallory\"}")), redacted.metadata());
        RevisionProof answer = verifier.getRevision(block, documentId, savedDigest.tipAddress());
        assertThatThrownBy(() -> LedgerVerifier.verifyRevision(forged, answer.proof(), savedDigest))
                .isInstanceOf(VerificationException.class).hasMessageContaining("dataHash");
    }

    @Test
    void aTamperedRevisionFails() {
        RevisionProof answer = verifier.getRevision(block, documentId, savedDigest.tipAddress());
        Revision genuine = answer.revision();
        IonStruct changed = genuine.data().clone();
        changed.put("balance", client.ionSystem().singleValue("1000000.00"));
        Revision tampered = new Revision(genuine.blockAddress(), genuine.hash(), changed, null, genuine.metadata());

        assertThatThrownBy(() -> LedgerVerifier.verifyRevision(tampered, answer.proof(), savedDigest))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(genuine.hash());
                    assertThat(e.computed()).isNotNull().isNotEqualTo(genuine.hash());
                    assertThat(e.getMessage()).contains(documentId, "expected", "computed");
                });

        // Restating the hash to match the changed data moves the failure to the proof.
        Revision rehashed = Revision.create(genuine.blockAddress(), changed, genuine.metadata());
        assertThatThrownBy(() -> LedgerVerifier.verifyRevision(rehashed, answer.proof(), savedDigest))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(savedDigest.digest());
                    assertThat(e.computed()).isNotEqualTo(savedDigest.digest());
                });
    }

    @Test
    void aTamperedProofOrAnotherDigestFails() {
        RevisionProof answer = verifier.getRevision(block, documentId, savedDigest.tipAddress());
        List<Hash> proof = new ArrayList<>(answer.proof());
        proof.set(0, Hash.sha256(new byte[] {1}));
        assertThatThrownBy(() -> LedgerVerifier.verifyRevision(answer.revision(), proof, savedDigest))
                .isInstanceOf(VerificationException.class);
        assertThatThrownBy(() -> LedgerVerifier.verifyRevision(answer.revision(), answer.proof().subList(1,
                answer.proof().size()), savedDigest)).isInstanceOf(VerificationException.class);

        LedgerDigest forged = new LedgerDigest(Hash.sha256(new byte[] {2}), savedDigest.tipAddress());
        assertThatThrownBy(() -> answer.verify(forged)).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e.expected()).isEqualTo(forged.digest()));
        assertThatThrownBy(() -> verifier.getVerifiedRevision(block, documentId, forged))
                .isInstanceOf(VerificationException.class);
    }

    @Test
    void blocksVerifyToo() {
        JournalBlock verified = verifier.getVerifiedBlock(block, savedDigest);
        assertThat(verified.blockAddress()).isEqualTo(block);
        BlockProof answer = verifier.getBlock(block, savedDigest.tipAddress());
        answer.verify(savedDigest);
        LedgerDigest forged = new LedgerDigest(Hash.sha256(new byte[] {3}), savedDigest.tipAddress());
        assertThatThrownBy(() -> answer.verify(forged)).isInstanceOf(VerificationException.class);
    }

    @Test
    void askingForARevisionTheBlockDoesNotHoldIsRefusedByTheServer() {
        assertThatThrownBy(() -> verifier.getRevision(block, "AAAAAAAAAAAAAAAAAAAAAA", savedDigest.tipAddress()))
                .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.errorType()).isEqualTo("InvalidParameterException");
                });
    }
}
