package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.client.DriverWireCapture.Exchange;
import io.vellum.client.internal.ControlPlane;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.HttpAnswer;
import io.vellum.client.internal.SessionCommands;
import io.vellum.client.internal.SessionTransport;
import io.vellum.client.internal.SigV4Signer;
import io.vellum.client.internal.SignedHttp;
import io.vellum.client.internal.SocketHttpTransport;
import io.vellum.client.internal.TransactionRunner;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.proof.hash.VerificationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays the official QLDB Java driver's wire captures ({@code driver-wire/sdk-2.36.2}, 61 exchanges in 15
 * scenarios) against this client: the client must send, byte for byte, the request the driver sent at each step
 * (same commands, same order, same JSON, same Ion parameter bytes, same commit digests), given the answers the driver
 * got. This pins the retry and abort behaviour to the driver's on every path the captures exercise (OCC, bad request,
 * invalid session before and during a transaction, expired transaction, HTTP 500 and 503, wrong echoed digest,
 * application abort) and checks that the client's commit digests equal the driver's.
 *
 * <p>The captured answers are replayed at the transport seam ({@link SessionTransport}); no server is involved. The
 * client's behaviour against a real server is covered by the integration tests.
 */
class DriverWireReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IonSystem ion = IonSystemBuilder.standard().build();
    private final List<Duration> sleeps = new ArrayList<>();

    /** Answers each request with the captured answer, after checking it is the captured request. */
    private static final class ReplayTransport implements SessionTransport {
        private final List<Exchange> script;
        private int next;
        private String firstMismatch;

        ReplayTransport(List<Exchange> script) {
            this.script = script;
        }

        @Override
        public HttpAnswer send(byte[] requestBody) {
            String sent = new String(requestBody, StandardCharsets.UTF_8);
            if (next >= script.size()) {
                return fail("request after the capture ended: " + sent);
            }
            Exchange expected = script.get(next++);
            if (!expected.requestBody().equals(sent)) {
                return fail("at " + expected + "\n  driver sent: " + expected.requestBody() + "\n  client sent: " + sent);
            }
            return expected.answer();
        }

        private HttpAnswer fail(String mismatch) {
            if (firstMismatch == null) {
                firstMismatch = mismatch;
            }
            // Always the first difference: the client's reaction to it (an abort) only differs in turn.
            throw new AssertionError(firstMismatch);
        }

        /** Asserts that every exchange up to and including {@code sequence} was replayed, and no more. */
        void assertReplayedThrough(int sequence) {
            assertThat(firstMismatch).as("first request that differs from the driver's").isNull();
            assertThat(next).as("exchanges consumed").isEqualTo(indexAfter(sequence));
        }

        private int indexAfter(int sequence) {
            for (int i = 0; i < script.size(); i++) {
                if (script.get(i).sequence() == sequence) {
                    return i + 1;
                }
            }
            throw new IllegalArgumentException("no exchange #" + sequence);
        }
    }

    /** The captures were made with maxRetries(3): 4 attempts. No jitter: 10 ms before the first retry. */
    private static final RetryPolicy CAPTURED_POLICY = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(1000),
            0, RetryPolicy.retryableCodes());

    @Test
    void clientSendsExactlyWhatTheOfficialDriverSent() {
        List<Exchange> script = DriverWireCapture.exchanges();
        ReplayTransport replay = new ReplayTransport(script);
        // batchStatements(false): no batch transport.
        replayEveryScenario(client(replay, null, CAPTURED_POLICY), replay, script);
    }

    /**
     * A batching client against a server without the batch endpoint (an Amazon QLDB endpoint answers such a path
     * {@code UnknownOperationException}): its first transaction's first batch is refused, and from there on, that
     * transaction included, it sends exactly what the official driver sent.
     */
    @Test
    void aBatchingClientWithoutTheBatchEndpointSendsExactlyWhatTheOfficialDriverSent() {
        List<Exchange> script = DriverWireCapture.exchanges();
        ReplayTransport replay = new ReplayTransport(script);
        List<String> batches = new ArrayList<>();
        SessionTransport noBatchEndpoint = body -> {
            batches.add(new String(body, StandardCharsets.UTF_8));
            return new HttpAnswer(404, java.util.Map.of("x-amzn-errortype", "UnknownOperationException:"),
                    "{\"__type\":\"UnknownOperationException\"}".getBytes(StandardCharsets.UTF_8));
        };
        replayEveryScenario(client(replay, noBatchEndpoint, CAPTURED_POLICY), replay, script);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).contains("\"Statement\":\"SELECT * FROM T\"").doesNotContain("TransactionId");
    }

    private void replayEveryScenario(VellumClient client, ReplayTransport replay, List<Exchange> script) {
        assertThat(script).hasSize(61);

        // s1: StartSession, then a select committed with the driver's digest.
        List<IonValue> s1 = client.execute(txn -> txn.execute("SELECT * FROM T").toList());
        assertThat(s1).hasSize(3);
        replay.assertReplayedThrough(4);

        // s2: a result over two pages; the metrics are summed over both.
        Result paged = client.execute(txn -> txn.execute("SELECT * FROM T WHERE PAGED = 1"));
        assertThat(paged.toList()).hasSize(3);
        assertThat(paged.consumedIOs()).contains(new ConsumedIOs(2, 0));
        assertThat(paged.timingInformation()).contains(new TimingInformation(6));
        replay.assertReplayedThrough(8);

        // s3: parameters re-encoded byte for byte as the driver encoded them.
        client.execute(txn -> {
            txn.execute("INSERT INTO T ?", parameters(script, 10));
            return txn.execute("UPDATE T AS t SET t.b = ? WHERE t.a = ?", parameters(script, 11));
        });
        replay.assertReplayedThrough(12);

        // s4: OCC on commit: no AbortTransaction, the same session starts the retry after a backoff.
        int[] executions = {0};
        client.execute(txn -> {
            executions[0]++;
            return txn.execute("SELECT * FROM T WHERE a = ?", parameters(script, 14)).toList();
        });
        assertThat(executions[0]).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(10));
        replay.assertReplayedThrough(18);

        // s5: a bad statement: AbortTransaction, then the error surfaces unretried.
        assertThatThrownBy(() -> client.execute(txn -> txn.execute("SELECT BADREQ FROM T")))
                .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.errorType()).isEqualTo("BadRequestException");
                    assertThat(e.serviceMessage()).isEqualTo("Semantic Error: at line 1, column 1: fake error");
                });
        replay.assertReplayedThrough(21);

        // s6: the pooled session is gone: a new session at once (no backoff), then the transaction.
        client.execute(txn -> txn.execute("SELECT * FROM T").toList());
        assertThat(sleeps).hasSize(1);
        replay.assertReplayedThrough(26);

        // s7: answers without TimingInformation and ConsumedIOs.
        Result bare = client.execute(txn -> txn.execute("SELECT * FROM T"));
        assertThat(bare.consumedIOs()).isEmpty();
        assertThat(bare.timingInformation()).isEmpty();
        replay.assertReplayedThrough(29);

        // s8: the application aborts.
        assertThatThrownBy(() -> client.execute(txn -> {
            txn.execute("SELECT * FROM T");
            txn.abort();
            return null;
        })).isInstanceOf(TransactionAbortedException.class).hasMessageContaining("FakeTxn000000000000009");
        replay.assertReplayedThrough(32);

        // s9: getTableNames commits the catalog query, then finds that the (fake) names are not strings.
        assertThatThrownBy(client::getTableNames).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        replay.assertReplayedThrough(35);

        // s11: HTTP 500 on commit: AbortTransaction, backoff, retry on the same session.
        client.execute(txn -> txn.execute("SELECT * FROM T").toList());
        assertThat(sleeps).hasSize(2);
        replay.assertReplayedThrough(42);

        // s12: the server echoes another commit digest: AbortTransaction, no retry, expected vs echoed reported.
        assertThatThrownBy(() -> client.execute(txn -> txn.execute("SELECT * FROM T").toList()))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.expected().toBase64()).isEqualTo("67wJOqijaTnLR5n9fhwi764NIDVYsuornnye+CRaQAA=");
                    assertThat(e.computed().toBase64()).isEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                });
        replay.assertReplayedThrough(46);

        // s13: the transaction expired: AbortTransaction, then TRANSACTION_EXPIRED, not retried.
        assertThatThrownBy(() -> client.execute(txn -> txn.execute("SELECT * FROM T").toList()))
                .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_EXPIRED);
                    assertThat(e.serviceMessage()).isEqualTo("Transaction FakeTxn000000000000014 has expired");
                });
        replay.assertReplayedThrough(49);

        // s13b: the session vanished mid-transaction: no abort, a new session at once, the function re-run.
        client.execute(txn -> txn.execute("SELECT * FROM T").toList());
        assertThat(sleeps).hasSize(2);
        replay.assertReplayedThrough(55);

        // s14: 503 on StartTransaction: AbortTransaction (nothing open, the server must accept it), backoff, retry.
        client.execute(txn -> txn.execute("SELECT * FROM T").toList());
        assertThat(sleeps).hasSize(3);
        replay.assertReplayedThrough(60);

        // s10: close ends the one pooled session.
        client.close();
        replay.assertReplayedThrough(61);
        assertThatThrownBy(() -> client.execute(txn -> null)).isInstanceOf(IllegalStateException.class);
    }

    /** @param batches the batch transport, or null for {@code batchStatements(false)} */
    private VellumClient client(SessionTransport transport, SessionTransport batches, RetryPolicy policy) {
        TransactionRunner runner = new TransactionRunner(new SessionCommands(transport, batches, ion), "probe-ledger",
                50, sleeps::add);
        // The control plane is not used here; it is built only because the client needs one.
        SocketHttpTransport unusedTransport = new SocketHttpTransport(Duration.ofSeconds(1), Duration.ofSeconds(1));
        SignedHttp unusedHttp = new SignedHttp(unusedTransport,
                new SigV4Signer(new Credentials("AKIDFAKE", "unused"), "us-east-1", "qldb"), Clock.systemUTC());
        ControlPlane unusedControlPlane = new ControlPlane(unusedHttp, URI.create("http://127.0.0.1:9/"),
                "probe-ledger", ion, policy, sleeps::add);
        return new VellumClient("probe-ledger", ion, policy, runner, unusedControlPlane,
                new io.vellum.client.internal.NativeProofReads(unusedHttp, URI.create("http://127.0.0.1:9/"),
                        "probe-ledger", policy, sleeps::add), unusedTransport);
    }

    /** The Ion parameters of the captured ExecuteStatement #{@code sequence}, decoded from the driver's bytes. */
    private List<IonValue> parameters(List<Exchange> script, int sequence) {
        Exchange exchange = script.stream().filter(e -> e.sequence() == sequence).findFirst().orElseThrow();
        try {
            JsonNode holders = JSON.readTree(exchange.requestBody()).path("ExecuteStatement").path("Parameters");
            List<IonValue> values = new ArrayList<>();
            for (JsonNode holder : holders) {
                values.add(ion.singleValue(Base64.getDecoder().decode(holder.path("IonBinary").asText())));
            }
            return values;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
