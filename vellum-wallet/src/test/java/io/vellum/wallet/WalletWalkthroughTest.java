package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README walkthrough over real HTTP, asserted step by step. */
class WalletWalkthroughTest {
    @TempDir
    Path directory;

    @Test
    void createTableIndexAccountAddWithdrawBalanceHistoryVerify() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;

            JsonNode tables = expect(http.post("/tables", ""), 201).json();
            assertThat(tables.path("tables")).hasSize(2);
            assertThat(tables.path("tables").get(0).path("table").asText()).isEqualTo("Wallet");
            assertThat(tables.path("tables").get(0).path("created").asBoolean()).isTrue();
            assertThat(tables.path("tables").get(1).path("table").asText()).isEqualTo("WalletRequests");
            JsonNode again = expect(http.post("/tables", ""), 200).json();
            assertThat(again.path("tables").get(0).path("created").asBoolean()).isFalse();
            assertThat(again.path("tables").get(0).path("message").asText()).isEqualTo("table Wallet exists");
            assertThat(again.path("tables").get(0).path("tableId").asText())
                    .isEqualTo(tables.path("tables").get(0).path("tableId").asText());

            JsonNode indexes = expect(http.post("/indexes", ""), 201).json();
            assertThat(indexes.path("indexes").get(0).path("field").asText()).isEqualTo("accountId");
            assertThat(indexes.path("indexes").get(1).path("field").asText()).isEqualTo("txRequestId");
            assertThat(indexes.path("indexes").get(0).path("indexId").asText()).hasSize(22);
            JsonNode indexesAgain = expect(http.post("/indexes", ""), 200).json();
            assertThat(indexesAgain.path("indexes").get(0).path("message").asText())
                    .isEqualTo("index on Wallet.accountId exists");
            assertThat(indexesAgain.path("indexes").get(0).path("indexId"))
                    .isEqualTo(indexes.path("indexes").get(0).path("indexId"));

            JsonNode created = expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 201).json();
            assertThat(created.path("balance").asText()).isEqualTo("0.00");
            assertThat(created.path("currency").asText()).isEqualTo("USD");
            assertThat(created.path("version").asLong()).isZero();
            assertThat(created.path("replayed").asBoolean()).isFalse();
            WalletHttp.Answer duplicate = expect(http.post("/accounts", "{\"accountId\":\"alice\"}"), 409);
            assertThat(duplicate.errorCode()).isEqualTo("ACCOUNT_EXISTS");
            assertThat(duplicate.errorField()).isEqualTo("accountId");

            JsonNode added = expect(http.post("/accounts/alice/deposits", "{\"amount\": 100.50}"), 200).json();
            assertThat(added.path("operation").asText()).isEqualTo("AddFunds");
            assertThat(added.path("amount").asText()).isEqualTo("100.50");
            assertThat(added.path("previousBalance").asText()).isEqualTo("0.00");
            assertThat(added.path("currentBalance").asText()).isEqualTo("100.50");
            assertThat(added.path("version").asLong()).isEqualTo(1);
            assertThat(added.path("transactionId").asText()).hasSize(22);
            assertThat(added.path("blockAddress").path("sequenceNo").asLong())
                    .isGreaterThan(created.path("blockAddress").path("sequenceNo").asLong());

            LedgerDigest beforeRefusal = wallet.ledger.digest();
            WalletHttp.Answer refused = expect(http.withdraw("alice", "200"), 409);
            assertThat(refused.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(refused.errorField()).isEqualTo("amount");
            assertThat(refused.errorMessage()).contains("100.50").contains("200");
            assertThat(wallet.ledger.digest()).isEqualTo(beforeRefusal);
            assertThat(http.balance("alice")).isEqualTo("100.50");

            JsonNode withdrawn = expect(http.withdraw("alice", "40.25"), 200).json();
            assertThat(withdrawn.path("previousBalance").asText()).isEqualTo("100.50");
            assertThat(withdrawn.path("currentBalance").asText()).isEqualTo("60.25");
            assertThat(withdrawn.path("version").asLong()).isEqualTo(2);

            WalletHttp.Answer balance = expect(http.get("/accounts/alice/balance"), 200);
            assertThat(balance.json().path("balance").asText()).isEqualTo("60.25");
            assertThat(balance.json().path("version").asLong()).isEqualTo(2);
            assertThat(balance.header("ETag")).isEqualTo("\"2\"");

            JsonNode history = expect(http.get("/accounts/alice/history"), 200).json();
            JsonNode revisions = history.path("revisions");
            assertThat(revisions).hasSize(3);
            assertThat(texts(revisions, "balance")).containsExactly("0.00", "100.50", "60.25");
            assertThat(revisions.get(0).path("operation").path("type").asText()).isEqualTo("CreateAccount");
            assertThat(revisions.get(1).path("operation").path("type").asText()).isEqualTo("AddFunds");
            assertThat(revisions.get(1).path("operation").path("amount").asText()).isEqualTo("100.50");
            assertThat(revisions.get(1).path("operation").path("accountId").asText()).isEqualTo("alice");
            assertThat(revisions.get(2).path("operation").path("type").asText()).isEqualTo("WithdrawFunds");
            assertThat(revisions.get(2).path("operation").path("amount").asText()).isEqualTo("40.25");
            for (int version = 0; version < 3; version++) {
                assertThat(revisions.get(version).path("version").asLong()).isEqualTo(version);
                assertThat(revisions.get(version).path("time").asText()).endsWith("Z");
            }
            assertThat(texts(revisions, "transactionId")).containsExactly(created.path("transactionId").asText(),
                    added.path("transactionId").asText(), withdrawn.path("transactionId").asText());
            assertThat(revisions.get(1).path("blockAddress")).isEqualTo(added.path("blockAddress"));
            assertThat(history.path("nextFromVersion").isNull()).isTrue();

            JsonNode verification = expect(http.get("/accounts/alice/verification"), 200).json();
            assertThat(verification.path("verified").asBoolean()).isTrue();
            assertThat(verification.path("version").asLong()).isEqualTo(2);
            assertThat(verification.path("blockAddress")).isEqualTo(withdrawn.path("blockAddress"));
            Revision proven = ProofChecks.verify(verification, wallet.ledger.digest());
            assertThat(proven.data().get("balance").toString()).isEqualTo("60.25");
            // The answer shows the balance of the revision it verified, not a balance read elsewhere.
            assertThat(verification.path("balance").asText()).isEqualTo("60.25");
            assertThat(verification.path("accountId").asText()).isEqualTo("alice");
            assertThat(verification.has("detail")).isFalse();
            assertThat(proven.metadata().txId()).isEqualTo(withdrawn.path("transactionId").asText());

            JsonNode older = expect(http.get("/accounts/alice/verification?version=1"), 200).json();
            assertThat(older.path("verified").asBoolean()).isTrue();
            assertThat(ProofChecks.verify(older).data().get("balance").toString()).isEqualTo("100.50");
            assertThat(older.path("balance").asText()).isEqualTo("100.50");
            WalletHttp.Answer missing = expect(http.get("/accounts/alice/verification?version=9"), 404);
            assertThat(missing.errorCode()).isEqualTo("REVISION_NOT_FOUND");
        }
    }

    private static List<String> texts(JsonNode array, String field) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(node -> node.path(field).asText()).toList();
    }
}
