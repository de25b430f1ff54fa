package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.LedgerDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full journal verification tells its progress once per block checked, against the tip's block count. */
class VerifyJournalProgressTest {
    @TempDir
    Path directory;

    @Test
    void everyBlockCheckedIsCountedOnceInOrderAgainstTheTipsCount() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Cars"));
            for (int i = 0; i < 4; i++) {
                int vin = i;
                ledger.execute(tx -> tx.execute("INSERT INTO Cars VALUE {'VIN': " + vin + "}"));
            }
            List<String> told = new ArrayList<>();

            LedgerDigest digest = ledger.verifyJournal((phase, done, total) -> told.add(phase + " " + done + "/"
                    + total));

            long blocks = digest.tipAddress().sequenceNo() + 1;
            List<String> expected = new ArrayList<>();
            for (long done = 1; done <= blocks; done++) {
                expected.add("verifying " + done + "/" + blocks);
            }
            assertThat(told).containsExactlyElementsOf(expected);
            assertThat(ledger.verifyJournal()).isEqualTo(digest);
        }
    }
}
