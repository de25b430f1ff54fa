package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.client.VellumClient;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet in remote mode against a real Vellum server (Session API for transactions, control plane for digests,
 * revisions and the block-by-block change feed), with SigV4 authentication on.
 */
class RemoteWalletTest {
    private static final AtomicInteger LEDGERS = new AtomicInteger();

    @TempDir
    static Path directory;
    private static VellumServer server;

    @BeforeAll
    static void startServer() {
        server = VellumServer.start(ServerConfig.defaults(directory.resolve("server")));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A wallet on a fresh ledger of the server. */
    private static Remote remoteWallet() {
        String ledger = "wallet-" + LEDGERS.incrementAndGet();
        server.ledgers().create(ledger, false, LedgerRegistry.ALLOW_ALL, Map.of());
        LedgerLocation location = new LedgerLocation.Remote(server.endpoint(), ledger, server.accessKeyId(),
                server.secretAccessKey());
        WalletService service = WalletService.start(WalletConfig.embedded(directory.resolve(ledger)).withPort(0)
                .withLedger(location));
        VellumClient client = VellumClient.builder().endpoint(server.endpoint()).ledger(ledger)
                .credentials(server.accessKeyId(), server.secretAccessKey()).build();
        return new Remote(service, new WalletHttp(service), client);
    }

    private record Remote(WalletService service, WalletHttp http, VellumClient client) implements AutoCloseable {
        @Override
        public void close() {
            try {
                service.close();
            } finally {
                client.close();
            }
        }
    }

    @Test
    void walkthroughOverTheServer() {
        try (Remote wallet = remoteWallet()) {
            WalletHttp http = wallet.http();
            assertThat(expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 409).errorCode())
                    .isEqualTo("TABLE_NOT_FOUND");
            expect(http.post("/tables", ""), 201);
            expect(http.post("/tables", ""), 200);
            expect(http.post("/indexes", ""), 201);
            expect(http.post("/indexes", ""), 200);
            expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 201);
            assertThat(expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 409).errorCode())
                    .isEqualTo("ACCOUNT_EXISTS");
            JsonNode added = expect(http.deposit("alice", "100.50"), 200).json();
            assertThat(added.path("currentBalance").asText()).isEqualTo("100.50");
            assertThat(expect(http.withdraw("alice", "200"), 409).errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
            JsonNode withdrawn = expect(http.withdraw("alice", "40.25"), 200).json();
            assertThat(withdrawn.path("currentBalance").asText()).isEqualTo("60.25");
            WalletHttp.Answer balance = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(balance.json().path("balance").asText()).isEqualTo("60.25");
            assertThat(balance.header("ETag")).isEqualTo("\"2\"");

            JsonNode revisions = expect(http.get("/accounts/alice/history"), 200).json().path("revisions");
            assertThat(revisions).hasSize(3);
            assertThat(revisions.get(2).path("operation").path("type").asText()).isEqualTo("WithdrawFunds");
            assertThat(revisions.get(2).path("blockAddress")).isEqualTo(withdrawn.path("blockAddress"));

            JsonNode verification = expect(http.get("/accounts/alice/verification"), 200).json();
            assertThat(verification.path("verified").asBoolean()).isTrue();
            // Checked here against a digest this test fetched itself, with its own client.
            LedgerDigest digest = wallet.client().ledgerVerifier().getDigest();
            assertThat(ProofChecks.verify(verification, digest).metadata().version()).isEqualTo(2);
        }
    }

    @Test
    void aChangeCommittedByAnotherClientIsSeenByTheNextRead() {
        try (Remote wallet = remoteWallet()) {
            WalletHttp http = wallet.http();
            http.setUp("alice");
            expect(http.deposit("alice", "10.00"), 200);
            assertThat(http.balance("alice")).isEqualTo("10.00");
            IonSystem ion = wallet.client().ionSystem();
            for (int i = 1; i <= 20; i++) {
                BigDecimal value = BigDecimal.valueOf(2000 + i, 2);
                wallet.client().execute(transaction -> transaction.execute(
                        "UPDATE Wallet AS w SET w.balance = ? WHERE w.accountId = 'alice'", ion.newDecimal(value))
                        .toList());
                assertThat(http.balance("alice")).isEqualTo(value.toPlainString());
            }
            WalletHttp.Answer again = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(again.header("X-Cache")).isEqualTo("hit");
            assertThat(wallet.service().wallet().cacheStatistics().healthy()).isTrue();
        }
    }

    @Test
    void concurrentWithdrawalsAndRetriedRequestsKeepTheirPromises() throws Exception {
        try (Remote wallet = remoteWallet()) {
            WalletHttp http = wallet.http();
            http.setUp("shared");
            expect(http.deposit("shared", "120.00"), 200);
            List<WalletHttp.Answer> withdrawals = ConcurrencyTest.all(30, i -> http.withdraw("shared", "10.00"));
            assertThat(withdrawals.stream().filter(a -> a.status() == 200)).hasSize(12);
            assertThat(withdrawals.stream().filter(a -> a.status() == 409)).hasSize(18);
            assertThat(http.balance("shared")).isEqualTo("0.00");

            List<WalletHttp.Answer> retries = ConcurrencyTest.all(10, i -> http.post("/accounts/shared/deposits",
                    "{\"amount\":\"5.00\",\"txRequestId\":\"remote-deposit\"}"));
            assertThat(retries).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(retries.stream().map(a -> a.json().path("transactionId").asText()).distinct()).hasSize(1);
            assertThat(http.balance("shared")).isEqualTo("5.00");
        }
    }

    @Test
    void anUnknownLedgerStopsTheStartWithItsName() {
        LedgerLocation missing = new LedgerLocation.Remote(server.endpoint(), "no-such-ledger", server.accessKeyId(),
                server.secretAccessKey());
        assertThatThrownBy(() -> WalletService.start(WalletConfig.embedded(directory.resolve("missing")).withPort(0)
                .withLedger(missing))).hasMessageContaining("no-such-ledger");
    }
}
