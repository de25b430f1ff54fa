package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A txRequestId makes a request apply exactly once: retried in sequence, concurrently, and after a restart. */
class IdempotencyTest {
    @TempDir
    Path directory;

    @Test
    void theSameKeyRetriedTenTimesAppliesOnceAndReturnsTheFirstReceipt() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            List<WalletHttp.Answer> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(expect(http.post("/accounts/alice/deposits",
                        "{\"amount\":\"25.00\",\"txRequestId\":\"deposit-1\"}"), 200));
            }
            JsonNode first = answers.get(0).json();
            assertThat(first.path("replayed").asBoolean()).isFalse();
            assertThat(answers.get(0).header("Idempotent-Replayed")).isNull();
            for (WalletHttp.Answer retry : answers.subList(1, 10)) {
                assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(retry.json().path("replayed").asBoolean()).isTrue();
                assertThat(withoutReplayed(retry.json())).isEqualTo(withoutReplayed(first));
            }
            assertThat(http.balance("alice")).isEqualTo("25.00");
            JsonNode revisions = expect(http.get("/accounts/alice/history"), 200).json().path("revisions");
            assertThat(revisions).hasSize(2);
            assertThat(revisions.get(1).path("txRequestId").asText()).isEqualTo("deposit-1");
        }
    }

    @Test
    void theSameKeySentConcurrentlyAppliesOnce() throws Exception {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice", "bob");
            expect(http.deposit("alice", "100.00"), 200);

            List<WalletHttp.Answer> deposits = ConcurrencyTest.all(10, i -> http.post("/accounts/bob/deposits",
                    "{\"amount\":\"7.00\",\"txRequestId\":\"deposit-2\"}"));
            assertThat(deposits).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(transactions(deposits)).hasSize(1);
            assertThat(deposits.stream().filter(a -> !a.json().path("replayed").asBoolean())).hasSize(1);

            List<WalletHttp.Answer> transfers = ConcurrencyTest.all(10, i -> http.post("/transfers",
                    "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":\"30.00\","
                            + "\"txRequestId\":\"transfer-1\"}"));
            assertThat(transfers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(transactions(transfers)).hasSize(1);

            List<WalletHttp.Answer> withdrawals = ConcurrencyTest.all(10, i -> http.post("/accounts/alice/withdrawals",
                    "{\"amount\":\"5.00\",\"txRequestId\":\"withdrawal-1\"}"));
            assertThat(withdrawals).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            assertThat(transactions(withdrawals)).hasSize(1);

            assertThat(http.balance("alice")).isEqualTo("65.00");
            assertThat(http.balance("bob")).isEqualTo("37.00");
        }
    }

    @Test
    void aKeyIsRememberedAcrossARestart() {
        JsonNode first;
        try (TestWallet wallet = TestWallet.start(directory)) {
            wallet.http.setUp("alice");
            first = expect(wallet.http.post("/accounts/alice/deposits",
                    "{\"amount\":\"12.34\",\"txRequestId\":\"before-restart\"}"), 200).json();
        }
        try (TestWallet restarted = TestWallet.start(directory)) {
            WalletHttp.Answer retry = expect(restarted.http.post("/accounts/alice/deposits",
                    "{\"amount\":\"12.34\",\"txRequestId\":\"before-restart\"}"), 200);
            assertThat(retry.json().path("replayed").asBoolean()).isTrue();
            assertThat(withoutReplayed(retry.json())).isEqualTo(withoutReplayed(first));
            assertThat(restarted.http.balance("alice")).isEqualTo("12.34");
        }
    }

    @Test
    void createAccountWithAKeyReplaysInsteadOfReportingTheAccountExists() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp();
            String body = "{\"accountId\":\"carol\",\"txRequestId\":\"open-carol\"}";
            JsonNode first = expect(http.post("/accounts", body), 201).json();
            WalletHttp.Answer retry = expect(http.post("/accounts", body), 201);
            assertThat(retry.json().path("replayed").asBoolean()).isTrue();
            assertThat(retry.json().path("documentId")).isEqualTo(first.path("documentId"));
            assertThat(expect(http.post("/accounts", "{\"accountId\":\"carol\"}"), 409).errorCode())
                    .isEqualTo("ACCOUNT_EXISTS");
        }
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefusedAndChangesNothing() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            expect(http.post("/accounts/alice/deposits", "{\"amount\":\"1.00\",\"txRequestId\":\"key-1\"}"), 200);
            var digest = wallet.ledger.digest();
            for (String other : List.of(
                    "/accounts/alice/deposits|{\"amount\":\"2.00\",\"txRequestId\":\"key-1\"}",
                    "/accounts/alice/withdrawals|{\"amount\":\"1.00\",\"txRequestId\":\"key-1\"}")) {
                String[] parts = other.split("\\|");
                WalletHttp.Answer refused = expect(http.post(parts[0], parts[1]), 422);
                assertThat(refused.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                assertThat(refused.errorField()).isEqualTo("txRequestId");
                assertThat(refused.errorMessage()).contains("key-1");
            }
            assertThat(wallet.ledger.digest()).isEqualTo(digest);
            assertThat(http.balance("alice")).isEqualTo("1.00");
        }
    }

    @Test
    void aRefusedRequestIsNotRememberedSoItsRetryIsEvaluatedAfresh() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            String withdrawal = "{\"amount\":\"50.00\",\"txRequestId\":\"withdraw-later\"}";
            assertThat(expect(http.post("/accounts/alice/withdrawals", withdrawal), 409).errorCode())
                    .isEqualTo("INSUFFICIENT_FUNDS");
            expect(http.deposit("alice", "80.00"), 200);
            WalletHttp.Answer retry = expect(http.post("/accounts/alice/withdrawals", withdrawal), 200);
            assertThat(retry.json().path("replayed").asBoolean()).isFalse();
            assertThat(http.balance("alice")).isEqualTo("30.00");
        }
    }

    private static Set<String> transactions(List<WalletHttp.Answer> answers) {
        return answers.stream().map(answer -> answer.json().path("transactionId").asText()).collect(Collectors.toSet());
    }

    private static JsonNode withoutReplayed(JsonNode receipt) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = receipt.deepCopy();
        copy.remove("replayed");
        return copy;
    }
}
