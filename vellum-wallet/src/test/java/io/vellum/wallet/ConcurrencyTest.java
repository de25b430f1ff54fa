package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrency claims of WithdrawFunds and CreateAccount, over HTTP with many clients at once. */
class ConcurrencyTest {
    @TempDir
    Path directory;

    @Test
    void fiftyConcurrentWithdrawalsAgainstFundsForTwentyLetExactlyTwentySucceed() throws Exception {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("shared");
            expect(http.deposit("shared", "200.00"), 200);

            List<WalletHttp.Answer> answers = all(50, i -> http.withdraw("shared", "10.00"));

            List<WalletHttp.Answer> succeeded = answers.stream().filter(a -> a.status() == 200).toList();
            List<WalletHttp.Answer> refused = answers.stream().filter(a -> a.status() != 200).toList();
            assertThat(succeeded).hasSize(20);
            assertThat(refused).hasSize(30).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(409);
                assertThat(answer.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
            });
            for (WalletHttp.Answer answer : succeeded) {
                assertThat(new BigDecimal(answer.json().path("currentBalance").asText())).isNotNegative();
            }
            assertThat(http.balance("shared")).isEqualTo("0.00");

            JsonNode revisions = expect(http.get("/accounts/shared/history"), 200).json().path("revisions");
            // CreateAccount, AddFunds, then exactly the twenty withdrawals, each 10.00 below the one before.
            assertThat(revisions).hasSize(22);
            Set<String> withdrawalTransactions = new HashSet<>();
            BigDecimal expected = new BigDecimal("200.00");
            for (int version = 2; version < 22; version++) {
                JsonNode revision = revisions.get(version);
                assertThat(revision.path("operation").path("type").asText()).isEqualTo("WithdrawFunds");
                expected = expected.subtract(new BigDecimal("10.00"));
                assertThat(revision.path("balance").asText()).isEqualTo(expected.toPlainString());
                withdrawalTransactions.add(revision.path("transactionId").asText());
            }
            assertThat(withdrawalTransactions).isEqualTo(succeeded.stream()
                    .map(answer -> answer.json().path("transactionId").asText()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void twentyConcurrentCreateAccountsWithOneIdCreateItOnce() throws Exception {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp();

            List<WalletHttp.Answer> answers = all(20, i -> http.post("/accounts", "{\"accountId\":\"contested\"}"));

            assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() == 409))
                    .hasSize(19).allSatisfy(answer -> assertThat(answer.errorCode()).isEqualTo("ACCOUNT_EXISTS"));
            List<?> rows = wallet.ledger.execute(transaction -> transaction.execute(
                    "SELECT * FROM Wallet AS w WHERE w.accountId = 'contested'"));
            assertThat(rows).hasSize(1);
        }
    }

    @Test
    void concurrentCreateTableAndIndexCallsCreateEachOnceAndReportItToTheOthers() throws Exception {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            List<WalletHttp.Answer> tables = all(10, i -> http.post("/tables", ""));
            assertThat(tables.stream().filter(a -> a.status() == 201)).hasSize(1);
            assertThat(tables.stream().filter(a -> a.status() == 200)).hasSize(9);
            assertThat(tables.stream().map(a -> a.json().path("tables").get(0).path("tableId").asText()).distinct())
                    .hasSize(1);

            List<WalletHttp.Answer> indexes = all(10, i -> http.post("/indexes", ""));
            assertThat(indexes.stream().filter(a -> a.status() == 201)).hasSize(1);
            assertThat(indexes.stream().filter(a -> a.status() == 200)).hasSize(9);
            assertThat(indexes).allSatisfy(answer -> assertThat(answer.json().path("indexes").get(0).path("indexId")
                    .asText()).isEqualTo(indexes.get(0).json().path("indexes").get(0).path("indexId").asText()));

            // The catalog agrees: one table of each name, one index on each.
            List<?> catalog = wallet.ledger.execute(transaction -> transaction.execute(
                    "SELECT t.name, t.indexes FROM information_schema.user_tables AS t WHERE t.status = 'ACTIVE'"));
            assertThat(catalog).hasSize(2);
            assertThat(catalog.toString()).containsOnlyOnce("[accountId]").containsOnlyOnce("[txRequestId]");
        }
    }

    /** Runs {@code count} requests at once (released together) and returns every answer. */
    static List<WalletHttp.Answer> all(int count, IndexedRequest request) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WalletHttp.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<WalletHttp.Answer> call = () -> {
                    start.await();
                    return request.send(index);
                };
                futures.add(clients.submit(call));
            }
            start.countDown();
            List<WalletHttp.Answer> answers = new ArrayList<>();
            for (Future<WalletHttp.Answer> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    @FunctionalInterface
    interface IndexedRequest {
        WalletHttp.Answer send(int index);
    }
}
