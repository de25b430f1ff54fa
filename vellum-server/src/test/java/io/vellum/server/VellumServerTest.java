package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.auth.CredentialsFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/** Start, restart, shutdown and routing of a whole server. */
class VellumServerTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    @TempDir
    Path data;

    @Test
    void aRestartKeepsLedgersDataAndCredentials() throws Exception {
        String accessKeyId;
        try (VellumServer server = TestServers.start(data)) {
            assertThat(server.credentialsGenerated()).isTrue();
            assertThat(server.credentialsFile()).isEqualTo(data.resolve(CredentialsFile.FILE_NAME));
            accessKeyId = server.accessKeyId();
            server.ledgers().create("durable", true, null, Map.of("k", "v"));
            try (QldbDriver driver = TestServers.driver(server, "durable")) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE T");
                });
                driver.execute(txn -> {
                    txn.execute("INSERT INTO T VALUE {'kept': true}");
                });
            }
        }
        try (VellumServer server = TestServers.start(data)) {
            assertThat(server.credentialsGenerated()).isFalse();
            assertThat(server.accessKeyId()).isEqualTo(accessKeyId);
            assertThat(server.ledgers().describe("durable").tags()).containsEntry("k", "v");
            try (QldbDriver driver = TestServers.driver(server, "durable")) {
                List<IonValue> kept = driver.execute(txn -> {
                    List<IonValue> rows = new ArrayList<>();
                    txn.execute("SELECT VALUE t.kept FROM T AS t").forEach(rows::add);
                    return rows;
                });
                assertThat(kept).containsExactly(ION.newBool(true));
            }
        }
    }

    @Test
    void explicitKeysAreUsedAndNeverWritten() {
        try (VellumServer server = TestServers.start(data, config -> config.withCredentials("AKIAEXPLICIT00000000",
                "explicit-secret"))) {
            assertThat(server.accessKeyId()).isEqualTo("AKIAEXPLICIT00000000");
            assertThat(server.credentialsFile()).isNull();
            assertThat(data.resolve(CredentialsFile.FILE_NAME)).doesNotExist();
        }
    }

    @Test
    void aGracefulCloseLosesNoAcknowledgedCommit() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        VellumServer server = TestServers.start(data);
        server.ledgers().create("graceful", false, null, Map.of());
        try (QldbDriver setup = TestServers.driver(server, "graceful")) {
            setup.execute(txn -> {
                txn.execute("CREATE TABLE Payment");
            });
        }
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(writers * 5);
        for (int w = 0; w < writers; w++) {
            int writer = w;
            pool.submit(() -> {
                try (QldbDriver driver = QldbDriver.builder().ledger("graceful")
                        .transactionRetryPolicy(RetryPolicy.none())
                        .sessionClientBuilder(TestServers.sessionClient(server, server.accessKeyId(),
                                server.secretAccessKey())).build()) {
                    for (int i = 0; !stop.get(); i++) {
                        String key = writer + "-" + i;
                        try {
                            driver.execute(txn -> {
                                txn.execute("INSERT INTO Payment VALUE {'key': ?}", ION.newString(key));
                            });
                            acknowledged.add(key);
                        } catch (RuntimeException e) {
                            // The server is going away: unacknowledged, so it may or may not be there.
                        }
                        running.countDown();
                    }
                }
                return null;
            });
        }
        assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
        server.close();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).isNotEmpty();
        try (VellumServer reopened = TestServers.start(data)) {
            Set<String> stored = new HashSet<>();
            List<IonValue> keys = reopened.ledgers().ledger("graceful").execute(txn ->
                    txn.execute("SELECT VALUE p.key FROM Payment AS p"));
            keys.forEach(key -> stored.add(((IonText) key).stringValue()));
            assertThat(stored).containsAll(acknowledged);
            assertThat(keys).hasSameSizeAs(stored);
        }
    }

    @Test
    void routesUnknownTargetsAndAnswersHealth() {
        try (VellumServer server = TestServers.start(data)) {
            SignedHttpClient client = SignedHttpClient.of(server);
            HttpResponse<String> dynamo = client.send("POST", "/", Map.of("Content-Type", "application/x-amz-json-1.0",
                    "X-Amz-Target", "DynamoDB_20120810.ListTables"), "{}".getBytes(StandardCharsets.UTF_8),
                    server.secretAccessKey(), Clock.systemUTC());
            assertThat(dynamo.statusCode()).isEqualTo(400);
            assertThat(dynamo.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
            HttpResponse<String> get = client.send("GET", "/", Map.of("X-Amz-Target", "QLDBSession.SendCommand"),
                    new byte[0], server.secretAccessKey(), Clock.systemUTC());
            assertThat(get.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
            HttpResponse<String> health = client.sendUnsigned("GET", "/health", Map.of(), new byte[0]);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(server.metrics().requestsByEndpoint()).containsKeys("session", "health");
            assertThat(server.metrics().errorsByType()).containsEntry("UnknownOperationException", 2L);
        }
    }

    @Test
    void aPortInUseFailsTheStartAndReleasesTheLedgers() throws Exception {
        try (VellumServer first = TestServers.start(data.resolve("first"))) {
            Path second = data.resolve("second");
            try (VellumServer setup = TestServers.start(second)) {
                setup.ledgers().create("kept", false, null, Map.of());
            }
            assertThatThrownBy(() -> TestServers.start(second, config -> config.withPort(first.port())))
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("cannot start the server");
            try (VellumServer again = TestServers.start(second)) {
                assertThat(again.ledgers().ledger("kept")).isNotNull();
            }
            assertThat(Files.exists(second.resolve("ledgers").resolve("kept"))).isTrue();
        }
    }
}
