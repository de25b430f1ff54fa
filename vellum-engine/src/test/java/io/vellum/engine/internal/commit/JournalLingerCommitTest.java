package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-node committer with its linger ({@link JournalLinger}) on: a lone client's commits never wait, and
 * commits of many clients, however the rounds gather them, commit exactly as without it (every commit acknowledged
 * once, the journal chained and verifiable, the state holding every write).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JournalLingerCommitTest {
    @TempDir
    Path directory;

    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private static Ledger ledger(Path directory, Duration linger) {
        Ledger ledger = Ledger.open(directory, LedgerOptions.defaults().withCommitLinger(linger));
        ledger.executeStatement("CREATE TABLE Accounts");
        return ledger;
    }

    @Test
    void aLoneClientsCommitsNeverLinger() {
        // A one-second cap: only the population rule (one client, nothing else waiting) keeps the rounds from waiting.
        try (Ledger ledger = ledger(directory.resolve("ledger"), Duration.ofSeconds(1))) {
            for (int i = 0; i < 30; i++) {
                ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': 'lone" + i + "'}");
            }
            assertThat(ledger.replica().lingeredRounds()).isZero();
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(30);
        }
    }

    @Test
    void manyClientsCommitEverythingOnceWhateverTheRoundsGather() throws Exception {
        try (Ledger ledger = ledger(directory.resolve("ledger"), Duration.ofSeconds(1))) {
            long tip = ledger.digest().tipAddress().sequenceNo();
            List<Future<?>> commits = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                int c = client;
                commits.add(clients.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        ledger.executeStatement("INSERT INTO Accounts VALUE {'owner': 'c" + c + "-" + i + "'}");
                    }
                }));
            }
            for (Future<?> commit : commits) {
                commit.get(60, TimeUnit.SECONDS);
            }
            assertThat(ledger.digest().tipAddress().sequenceNo()).isEqualTo(tip + 200);
            assertThat(ledger.verifyJournal()).isEqualTo(ledger.digest());
            assertThat(ledger.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(200);
        }
        // And it reopens to the same state.
        try (Ledger reopened = Ledger.open(directory.resolve("ledger"), LedgerOptions.defaults())) {
            assertThat(reopened.executeStatement("SELECT VALUE a.owner FROM Accounts AS a")).hasSize(200);
        }
    }
}
