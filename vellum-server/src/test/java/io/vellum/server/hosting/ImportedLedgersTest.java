package io.vellum.server.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger written offline becomes a hosted ledger only once adopted; unfinished imports are left alone. */
class ImportedLedgersTest {
    private static final Instant CREATED = Instant.parse("2019-09-16T19:37:05.360Z");

    @TempDir
    Path ledgers;

    private LedgerDigest writeLedger(Path directory) {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE T");
            return ledger.digest();
        }
    }

    @Test
    void anAdoptedLedgerIsHostedWithItsOwnCreationTime() {
        Path staging = ImportedLedgers.stagingDirectory(ledgers, "moved");
        LedgerDigest digest = writeLedger(staging);
        ImportedLedgers.adopt(ledgers, "moved", staging, CREATED);
        assertThat(staging).doesNotExist();
        try (LedgerRegistry registry = new LedgerRegistry(ledgers, LedgerOptions.defaults(), "us-east-1")) {
            LedgerInfo info = registry.describe("moved");
            assertThat(info.creationDateTime()).isEqualTo(CREATED);
            assertThat(info.permissionsMode()).isEqualTo("ALLOW_ALL");
            assertThat(info.deletionProtection()).isTrue();
            assertThat(info.arn()).isEqualTo("arn:aws:qldb:us-east-1:000000000000:ledger/moved");
            assertThat(registry.ledger("moved").digest()).isEqualTo(digest);
        }
    }

    @Test
    void refusesAnExistingLedgerAndABadName() throws Exception {
        Files.createDirectories(ledgers.resolve("taken"));
        Path staging = ImportedLedgers.stagingDirectory(ledgers, "taken");
        writeLedger(staging);
        assertThatThrownBy(() -> ImportedLedgers.adopt(ledgers, "taken", staging, CREATED))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> ImportedLedgers.adopt(ledgers, "not_valid", staging, CREATED))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThat(staging).isDirectory();
    }

    @Test
    void anUnfinishedImportIsNeitherHostedNorRemoved() {
        Path staging = ImportedLedgers.stagingDirectory(ledgers, "half");
        writeLedger(staging);
        try (LedgerRegistry registry = new LedgerRegistry(ledgers, LedgerOptions.defaults(), "us-east-1")) {
            assertThat(registry.list()).isEmpty();
        }
        assertThat(staging.resolve("journal")).as("the import may still be running elsewhere").isDirectory();
    }
}
