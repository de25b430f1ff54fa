package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheckFunds is never stale after a committed change, whoever committed it: the wallet itself, a PartiQL writer on
 * the same ledger, or another wallet instance. And the ETag / If-None-Match contract.
 */
class BalanceCacheTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    @Test
    void entityTagIsTheVersionAndIfNoneMatchGives304() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            WalletHttp.Answer first = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(first.header("ETag")).isEqualTo("\"0\"");
            assertThat(first.header("Cache-Control")).isEqualTo("no-cache");

            for (String matching : List.of("\"0\"", "W/\"0\"", "\"7\", \"0\"", "*")) {
                WalletHttp.Answer notModified = http.get("/accounts/alice/balance", "If-None-Match", matching);
                assertThat(notModified.status()).as(matching).isEqualTo(304);
                assertThat(notModified.body()).isEmpty();
                assertThat(notModified.header("ETag")).isEqualTo("\"0\"");
            }
            assertThat(http.get("/accounts/alice/balance", "If-None-Match", "\"1\"").status()).isEqualTo(200);

            expect(http.deposit("alice", "5"), 200);
            WalletHttp.Answer changed = http.get("/accounts/alice/balance", "If-None-Match", "\"0\"");
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"1\"");
            assertThat(changed.json().path("balance").asText()).isEqualTo("5.00");
        }
    }

    @Test
    void aChangeCommittedDirectlyInTheLedgerIsSeenByTheNextRead() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            expect(http.deposit("alice", "10.00"), 200);
            assertThat(http.balance("alice")).isEqualTo("10.00");
            WalletHttp.Answer cached = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(cached.header("X-Cache")).isEqualTo("hit");

            for (int i = 1; i <= 50; i++) {
                BigDecimal value = BigDecimal.valueOf(1000 + i, 2);
                wallet.ledger.execute(transaction -> transaction.execute(
                        "UPDATE Wallet AS w SET w.balance = ? WHERE w.accountId = 'alice'", ION.newDecimal(value)));
                WalletHttp.Answer read = expect(http.get("/accounts/alice/balance"), 200);
                assertThat(read.json().path("balance").asText()).isEqualTo(value.toPlainString());
                assertThat(read.header("ETag")).isEqualTo("\"" + (1 + i) + "\"");
            }
            WalletHttp.Answer again = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(again.header("X-Cache")).isEqualTo("hit");

            // The revision written outside the wallet carries the wallet's older operation along; history says so.
            JsonNode last = expect(http.get("/accounts/alice/history?fromVersion=51"), 200).json().path("revisions");
            assertThat(last).hasSize(1);
            assertThat(last.get(0).path("balance").asText()).isEqualTo("10.50");
            assertThat(last.get(0).path("operation").isNull()).isTrue();

            wallet.ledger.execute(transaction -> transaction.execute("DELETE FROM Wallet AS w WHERE w.accountId = 'alice'"));
            WalletHttp.Answer gone = expect(http.get("/accounts/alice/balance"), 404);
            assertThat(gone.errorCode()).isEqualTo("ACCOUNT_NOT_FOUND");
        }
    }

    @Test
    void readsRacingDirectWritersNeverSeeAnOlderBalanceThanTheLastCommittedOne() throws Exception {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("counter");
            AtomicLong committed = new AtomicLong(0);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
            AtomicLong reads = new AtomicLong();
            Thread writer = new Thread(() -> {
                for (long value = 1; !stop.get(); value++) {
                    long next = value;
                    wallet.ledger.execute(transaction -> transaction.execute(
                            "UPDATE Wallet AS w SET w.balance = ? WHERE w.accountId = 'counter'",
                            ION.newDecimal(BigDecimal.valueOf(next))));
                    committed.set(next);
                }
            }, "direct-writer");
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(new Thread(() -> {
                    while (!stop.get()) {
                        long floor = committed.get();
                        WalletHttp.Answer answer = http.get("/accounts/counter/balance");
                        BigDecimal seen = new BigDecimal(answer.json().path("balance").asText());
                        reads.incrementAndGet();
                        if (seen.compareTo(BigDecimal.valueOf(floor)) < 0) {
                            stale.add("read " + seen + " after " + floor + " was committed (" + answer.header("X-Cache")
                                    + ")");
                        }
                    }
                }, "reader-" + r));
            }
            writer.start();
            readers.forEach(Thread::start);
            Thread.sleep(3_000);
            stop.set(true);
            writer.join();
            for (Thread reader : readers) {
                reader.join();
            }
            assertThat(stale).isEmpty();
            assertThat(committed.get()).isGreaterThan(10);
            assertThat(reads.get()).isGreaterThan(10);
            // The point is that the cache answered many of these reads, not that every read went to the ledger.
            System.out.println("racing reads: " + reads + ", writes: " + committed + ", cache: "
                    + wallet.service.wallet().cacheStatistics());
            assertThat(wallet.service.wallet().cacheStatistics().hits()).isPositive();
        }
    }

    @Test
    void aChangeMadeThroughAnotherWalletInstanceIsSeenByTheNextRead() {
        try (TestWallet first = TestWallet.start(directory);
             WalletService second = WalletService.start(WalletConfig.embedded(directory.resolve("second")).withPort(0),
                     EmbeddedLedgerConnection.sharing(first.ledger))) {
            WalletHttp one = first.http;
            WalletHttp two = new WalletHttp(second);
            one.setUp("shared");
            assertThat(one.balance("shared")).isEqualTo("0.00");
            assertThat(two.balance("shared")).isEqualTo("0.00");
            for (int i = 1; i <= 20; i++) {
                WalletHttp writer = i % 2 == 0 ? one : two;
                WalletHttp reader = i % 2 == 0 ? two : one;
                expect(writer.deposit("shared", "1.00"), 200);
                assertThat(reader.balance("shared")).isEqualTo(i + ".00");
            }
        }
    }

    @Test
    void aCatalogChangeEmptiesTheCacheAndReadsStayCorrect() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            expect(http.deposit("alice", "3.00"), 200);
            assertThat(http.balance("alice")).isEqualTo("3.00");
            wallet.ledger.execute(transaction -> transaction.execute("CREATE TABLE Unrelated"));
            WalletHttp.Answer afterDdl = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(afterDdl.header("X-Cache")).isEqualTo("miss");
            assertThat(afterDdl.json().path("balance").asText()).isEqualTo("3.00");
            assertThat(expect(http.get("/accounts/alice/balance"), 200).header("X-Cache")).isEqualTo("hit");
        }
    }

    @Test
    void aCacheSmallerThanTheAccountsEvictsAndStaysCorrect() {
        try (TestWallet wallet = TestWallet.start(directory, WalletConfig.embedded(directory).withCacheCapacity(2))) {
            WalletHttp http = wallet.http;
            http.setUp("a", "b", "c", "d");
            for (int round = 1; round <= 5; round++) {
                for (String account : List.of("a", "b", "c", "d")) {
                    expect(http.deposit(account, "1.00"), 200);
                    assertThat(http.balance(account)).isEqualTo(round + ".00");
                }
                for (String account : List.of("d", "c", "b", "a")) {
                    assertThat(http.balance(account)).isEqualTo(round + ".00");
                }
            }
            assertThat(wallet.service.wallet().cacheStatistics().entries()).isLessThanOrEqualTo(2);
        }
    }
}
