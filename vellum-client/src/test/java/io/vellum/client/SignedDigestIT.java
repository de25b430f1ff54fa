package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.SignedDigest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed digests and consistency proofs through the client against a real (signed-request) server: a digest saved
 * earlier is extended by the latest, the latest is signed by the pinned key, and a revision verifies against it.
 */
class SignedDigestIT {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();

    private VellumClient client;
    private LedgerVerifier verifier;
    private Ed25519PublicKey pinnedKey;
    private LedgerDigest savedDigest;
    private BlockAddress block;
    private String documentId;

    @BeforeEach
    void commitSaveAndCommitMore() {
        client = SERVER.client(SERVER.createLedger("signed"));
        verifier = client.ledgerVerifier();
        List<SigningKey> keys = verifier.getSigningKeys();
        assertThat(keys).hasSize(1);
        pinnedKey = keys.get(0).publicKey();
        CommittedAccount committed = CommittedAccount.commit(client,
                (IonStruct) client.ionSystem().singleValue("{accountId: \"alice\", balance: 100.00}"));
        block = committed.block();
        documentId = committed.documentId();
        savedDigest = verifier.getSignedDigest().digest();
        CommittedAccount.commitOthers(client, 5);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void theLatestSignedDigestExtendsTheSavedOneAndProvesTheRevision() {
        SignedDigest latest = verifier.getSignedDigest();
        assertThat(latest.ledgerName()).isEqualTo(client.ledgerName());
        LedgerVerifier.verifySignedDigest(latest, pinnedKey);
        verifier.verifyConsistency(savedDigest, latest.digest());
        verifier.verifyConsistency(savedDigest, savedDigest);

        VerifiedRevision verified = verifier.verifyRevision(pinnedKey, savedDigest, block, documentId);
        assertThat(verified.revision().metadata().id()).isEqualTo(documentId);
        assertThat(verified.digest().digest()).isEqualTo(latest.digest());
    }

    @Test
    void aRewrittenOrSwappedDigestFailsWithExpectedAndComputed() {
        LedgerDigest latest = verifier.getSignedDigest().digest();
        LedgerDigest rewritten = new LedgerDigest(Hash.sha256(new byte[] {7}), savedDigest.tipAddress());
        assertThatThrownBy(() -> verifier.verifyConsistency(rewritten, latest))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.getMessage()).contains("older digest");
                    assertThat(e.expected()).isEqualTo(rewritten.digest());
                    assertThat(e.computed()).isEqualTo(savedDigest.digest());
                });
        LedgerDigest forgedNewer = new LedgerDigest(Hash.sha256(new byte[] {8}), latest.tipAddress());
        assertThatThrownBy(() -> verifier.verifyConsistency(savedDigest, forgedNewer))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.expected()).isEqualTo(forgedNewer.digest());
                    assertThat(e.computed()).isEqualTo(latest.digest());
                });
        assertThatThrownBy(() -> verifier.verifyConsistency(latest, savedDigest))
                .isInstanceOf(VerificationException.class).hasMessageContaining("must not be after");
        LedgerDigest beyond = new LedgerDigest(latest.digest(), new BlockAddress(latest.tipAddress().strandId(),
                latest.tipAddress().sequenceNo() + 10));
        assertThatThrownBy(() -> verifier.verifyConsistency(savedDigest, beyond))
                .isInstanceOf(LedgerException.class).hasMessageContaining("after the last committed block");
    }

    @Test
    void aSignatureByAnotherKeyOrOverAnotherStatementFails() {
        SignedDigest latest = verifier.getSignedDigest();
        Ed25519PublicKey rotatedOut = pinnedKey;
        // A statement for another tip with the genuine signature.
        SignedDigest moved = new SignedDigest(latest.ledgerName(), savedDigest, latest.signedAt(), latest.keyId(),
                latest.signature());
        assertThatThrownBy(() -> LedgerVerifier.verifySignedDigest(moved, rotatedOut))
                .isInstanceOf(VerificationException.class).hasMessageContaining("expected a valid signature");
        byte[] otherKey = pinnedKey.toByteArray();
        otherKey[0] ^= 1;
        assertThatThrownBy(() -> verifier.verifyRevision(Ed25519PublicKey.of(otherKey), savedDigest, block, documentId))
                .isInstanceOf(VerificationException.class).hasMessageContaining("keyId");
    }
}
