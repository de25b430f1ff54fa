package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a child JVM whose threads all update one hot account (its lock handed on once each commit is sealed,
 * before it is durable: docs/DECISIONS.md, "Hot documents, session 11") at random moments: after each reopen every
 * acknowledged commit is there, the increments that survived read one another in order (the balances they read are
 * exactly 1000, 1001, … and the balance is 1000 plus their number: none read a write that the crash lost), and the
 * journal verifies.
 */
@Tag("slow")
class EarlyLockReleaseCrashTest {
    @TempDir
    Path directory;

    @Test
    void killedHotWritersLoseNoAcknowledgedCommitAndNoSurvivorReadALostWrite() throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        int crashes = Integer.getInteger("vellum.crashes", 3);
        System.out.println("EarlyLockReleaseCrashTest seed=" + seed + " crashes=" + crashes);
        Random random = new Random(seed);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        for (int crash = 0; crash < crashes; crash++) {
            int before = acknowledged.size();
            KilledChild.runAndKill(HotCrashChild.class, directory, random.nextInt(400) + 50, acknowledged);
            try (Ledger ledger = Ledger.open(directory)) {
                Set<String> present = new HashSet<>();
                List<Long> seen = new ArrayList<>();
                for (IonValue row : ledger.executeStatement("SELECT id, t.seen FROM Transfers AS t BY id")) {
                    present.add(((IonString) ((IonStruct) row).get("id")).stringValue());
                    seen.add(((IonDecimal) ((IonStruct) row).get("seen")).bigDecimalValue().longValueExact());
                }
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(present);
                assertThat(missing).as("acknowledged commits missing after crash %d", crash).isEmpty();
                assertThat(seen).as("balances read by the surviving increments, after crash %d", crash)
                        .doesNotHaveDuplicates().allSatisfy(balance -> assertThat(balance)
                                .isBetween(1000L, 1000L + seen.size() - 1));
                IonStruct account = (IonStruct) ledger.executeStatement(
                        "SELECT a.balance FROM Accounts AS a WHERE a.accountId = 'acct-0'").get(0);
                assertThat(((IonDecimal) account.get("balance")).bigDecimalValue())
                        .isEqualByComparingTo(BigDecimal.valueOf(1000L + seen.size()));
                assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
                assertThat(acknowledged.size()).as("progress in run %d", crash).isGreaterThan(before);
            }
        }
    }
}
