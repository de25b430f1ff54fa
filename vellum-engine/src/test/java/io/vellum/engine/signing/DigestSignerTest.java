package io.vellum.engine.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.engine.files.SigningKeyFiles;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.hash.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger's signing keys with a real ledger: created with it, owner-only, rotated, kept across reopening. */
class DigestSignerTest {
    @TempDir
    Path directory;

    @Test
    void aNewLedgerHasOneOwnerOnlyKeyThatSignsItsDigest() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            List<SigningKeyInfo> keys = ledger.signer().keys();
            assertThat(keys).hasSize(1);
            assertThat(keys.get(0).active()).isTrue();
            SignedDigest signed = ledger.signer().sign("cars", ledger.digest());
            assertThat(signed.keyId()).isEqualTo(keys.get(0).keyId());
            signed.verifySignature(keys.get(0).publicKey());
            // Asked again at the same tip: the cached signature, same time.
            assertThat(ledger.signer().sign("cars", ledger.digest())).isSameAs(signed);
        }
        Path keyDirectory = directory.resolve(SigningKeyFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(keyDirectory)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        try (var files = Files.list(keyDirectory)) {
            List<Path> keyFiles = files.toList();
            assertThat(keyFiles).hasSize(1);
            assertThat(keyFiles.get(0).getFileName().toString()).isEqualTo("key-000001.ed25519");
            assertThat(Files.getPosixFilePermissions(keyFiles.get(0))).isEqualTo(OwnerOnlyFiles.FILE);
        }
    }

    @Test
    void rotationRetiresTheOldKeyWhichStillVerifiesWhatItSigned() {
        SignedDigest before;
        SigningKeyInfo first;
        SigningKeyInfo second;
        try (Ledger ledger = Ledger.open(directory)) {
            first = ledger.signer().keys().get(0);
            before = ledger.signer().sign("cars", ledger.digest());
            second = ledger.signer().rotate();
            assertThat(second.keyId()).isNotEqualTo(first.keyId());
            SignedDigest after = ledger.signer().sign("cars", ledger.digest());
            assertThat(after.keyId()).isEqualTo(second.keyId());
            after.verifySignature(second.publicKey());
            assertThatThrownBy(() -> after.verifySignature(first.publicKey())).isInstanceOf(VerificationException.class);
        }
        try (Ledger reopened = Ledger.open(directory)) {
            List<SigningKeyInfo> keys = reopened.signer().keys();
            assertThat(keys).extracting(SigningKeyInfo::keyId).containsExactly(first.keyId(), second.keyId());
            assertThat(keys.get(0).retiredAt()).isEqualTo(second.createdAt());
            assertThat(keys.get(1).active()).isTrue();
            before.verifySignature(keys.get(0).publicKey());
            assertThat(reopened.signer().sign("cars", reopened.digest()).keyId()).isEqualTo(second.keyId());
        }
    }

    @Test
    void aReadOnlyLedgerSignsWithItsKeysButCannotRotate() {
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(directory)) {
            digest = ledger.digest();
        }
        try (Ledger readOnly = Ledger.openReadOnly(directory)) {
            readOnly.signer().sign("cars", digest).verifySignature(readOnly.signer().keys().get(0).publicKey());
            assertThatThrownBy(() -> readOnly.signer().rotate()).isInstanceOf(LedgerException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void aDamagedKeyFileStopsTheOpenNamingTheFile() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.digest();
        }
        Path keyFile = directory.resolve(SigningKeyFiles.DIRECTORY).resolve("key-000001.ed25519");
        String text = Files.readString(keyFile);
        int seedAt = text.indexOf("seed=") + "seed=".length();
        // A different first character for certain: writing a fixed one left the file intact when the seed began with it.
        char replacement = text.charAt(seedAt) == 'A' ? 'B' : 'A';
        Files.writeString(keyFile, text.substring(0, seedAt) + replacement + text.substring(seedAt + 1));
        assertThatThrownBy(() -> Ledger.open(directory)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("signing key file 1 is damaged");
    }
}
