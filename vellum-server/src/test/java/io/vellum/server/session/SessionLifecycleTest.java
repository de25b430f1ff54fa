package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.LedgerOptions;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldbsession.model.InvalidSessionException;
import software.amazon.qldb.QldbDriver;

/** Session and transaction limits and concurrency, as the official driver experiences them. */
class SessionLifecycleTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    @TempDir
    Path data;

    @Test
    void aTransactionThatOutlivesItsTimeoutIsSurfacedAsExpired() throws Exception {
        try (VellumServer server = TestServers.start(data, config -> config.withLedgerOptions(
                LedgerOptions.defaults().withTransactionTimeout(Duration.ofMillis(800))))) {
            server.ledgers().create("expiry", false, null, Map.of());
            try (QldbDriver driver = TestServers.driver(server, "expiry")) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE T");
                });
                assertThatThrownBy(() -> driver.execute(txn -> {
                    txn.execute("INSERT INTO T VALUE {'late': true}");
                    sleep(1_200);
                    txn.execute("SELECT * FROM T");
                })).isInstanceOf(InvalidSessionException.class).hasMessageMatching("Transaction \\w{22} has expired.*");
                // Nothing of it was committed, and the driver goes on working.
                assertThat(count(driver, "SELECT * FROM T")).isZero();
                assertThat(server.metrics().errorsByType()).containsKey("InvalidSessionException");
            }
        }
    }

    @Test
    void anIdleSessionIsReplacedTransparently() throws Exception {
        try (VellumServer server = TestServers.start(data, config -> config
                .withSessionIdleTimeout(Duration.ofMillis(700)))) {
            server.ledgers().create("idle", false, null, Map.of());
            try (QldbDriver driver = TestServers.driver(server, "idle")) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE T");
                });
                long started = server.metrics().sessionsStarted();
                Thread.sleep(1_200);
                driver.execute(txn -> {
                    txn.execute("INSERT INTO T VALUE {'after': 'idle'}");
                });
                assertThat(server.metrics().sessionsStarted()).isGreaterThan(started);
                assertThat(count(driver, "SELECT * FROM T")).isEqualTo(1);
            }
        }
    }

    @Test
    void aSessionPastItsLifetimeIsReplacedTransparently() throws Exception {
        try (VellumServer server = TestServers.start(data, config -> config
                .withSessionLifetime(Duration.ofMillis(700)))) {
            server.ledgers().create("lifetime", false, null, Map.of());
            try (QldbDriver driver = TestServers.driver(server, "lifetime")) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE T");
                });
                long started = server.metrics().sessionsStarted();
                for (int i = 0; i < 4; i++) {
                    Thread.sleep(300);
                    int n = i;
                    driver.execute(txn -> {
                        txn.execute("INSERT INTO T VALUE {'n': ?}", ION.newInt(n));
                    });
                }
                assertThat(server.metrics().sessionsStarted()).isGreaterThan(started);
                assertThat(count(driver, "SELECT * FROM T")).isEqualTo(4);
            }
        }
    }

    @Test
    void concurrentDriversIncrementingTheSameCountersLoseNoUpdate() throws Exception {
        int threads = 8;
        int incrementsPerThread = 40;
        int counters = 2;
        try (VellumServer server = TestServers.start(data)) {
            server.ledgers().create("counters", false, null, Map.of());
            try (QldbDriver setup = TestServers.driver(server, "counters")) {
                setup.execute(txn -> {
                    txn.execute("CREATE TABLE Counter");
                });
                setup.execute(txn -> {
                    txn.execute("CREATE INDEX ON Counter (name)");
                });
                setup.execute(txn -> {
                    for (int c = 0; c < counters; c++) {
                        txn.execute("INSERT INTO Counter VALUE {'name': ?, 'value': 0}", ION.newString("c" + c));
                    }
                });
            }
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (QldbDriver driver = TestServers.driver(server, "counters", 100)) {
                        for (int i = 0; i < incrementsPerThread; i++) {
                            IonValue name = ION.newString("c" + ((thread + i) % counters));
                            driver.execute(txn -> {
                                attempts.incrementAndGet();
                                IonValue current = txn.execute("SELECT VALUE c.value FROM Counter AS c WHERE c.name = ?",
                                        name).iterator().next();
                                txn.execute("UPDATE Counter AS c SET c.value = ? WHERE c.name = ?",
                                        ION.newInt(((IonInt) current).longValue() + 1), name);
                            });
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            try (QldbDriver check = TestServers.driver(server, "counters")) {
                long total = check.execute(txn -> {
                    long sum = 0;
                    for (IonValue value : txn.execute("SELECT VALUE c.value FROM Counter AS c")) {
                        sum += ((IonInt) value).longValue();
                    }
                    return sum;
                });
                assertThat(total).isEqualTo((long) threads * incrementsPerThread);
            }
            // Contention forced retries: OCC conflicts were answered and the driver re-ran transactions.
            assertThat(server.metrics().occConflicts()).isPositive();
            assertThat(attempts.get()).isGreaterThan(threads * incrementsPerThread);
            assertThat(server.metrics().errorsByType()).containsKey("OccConflictException");
        }
    }

    private static int count(QldbDriver driver, String statement) {
        return driver.execute(txn -> {
            int n = 0;
            for (IonValue ignored : txn.execute(statement)) {
                n++;
            }
            return n;
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
