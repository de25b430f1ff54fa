package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            runAndKill(random.nextInt(400) + 50, acknowledged);
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

    private void runAndKill(long millisAfterFirstAcknowledgement, Set<String> acknowledged) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                HotCrashChild.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch firstAcknowledgement = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ") && line.length() == 4 + IdGenerator.LENGTH) {
                        acknowledged.add(line.substring(4));
                        firstAcknowledgement.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the child died mid-line: whatever was read completely counts
            }
        });
        reader.start();
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("child became ready").isTrue();
        assertThat(firstAcknowledgement.await(60, TimeUnit.SECONDS)).as("child committed").isTrue();
        Thread.sleep(millisAfterFirstAcknowledgement);
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
    }
}
