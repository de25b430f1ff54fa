package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer is atomic: both legs are revisions of one transaction, committed in one journal block (with the request
 * log entry when the request carries a txRequestId), so no reader and no verifier can ever see one leg without the
 * other; a refused transfer writes no block at all.
 */
class TransferTest {
    @TempDir
    Path directory;

    @Test
    void bothLegsAreCommittedInOneBlockOrNotAtAll() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp("alice", "bob");
            expect(http.deposit("alice", "100.00"), 200);

            JsonNode receipt = expect(http.post("/transfers", "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\","
                    + "\"amount\":\"30.00\",\"txRequestId\":\"rent-2026-11\"}"), 200).json();
            assertThat(receipt.path("from").path("currentBalance").asText()).isEqualTo("70.00");
            assertThat(receipt.path("to").path("currentBalance").asText()).isEqualTo("30.00");

            BlockAddress address = new BlockAddress(receipt.path("blockAddress").path("strandId").asText(),
                    receipt.path("blockAddress").path("sequenceNo").asLong());
            JournalBlock block = wallet.ledger.readBlock(address);
            assertThat(block.transactionId()).isEqualTo(receipt.path("transactionId").asText());
            Map<String, String> tables = new TreeMap<>();
            Map<String, String> balances = new TreeMap<>();
            for (var blockRevision : block.revisions()) {
                Revision revision = (Revision) blockRevision;
                DocumentInfo info = block.transactionInfo().documents().get(revision.metadata().id());
                tables.merge(info.tableName(), revision.metadata().id(), (a, b) -> a + "," + b);
                if (info.tableName().equals("Wallet")) {
                    balances.put(revision.data().get("accountId").toString(),
                            revision.data().get("balance").toString());
                }
            }
            assertThat(balances).containsExactly(Map.entry("\"alice\"", "70.00"), Map.entry("\"bob\"", "30.00"));
            assertThat(tables).containsOnlyKeys("Wallet", "WalletRequests");
            assertThat(tables.get("WalletRequests")).doesNotContain(",");

            // Each account's history points at that same block and transaction.
            for (String account : new String[] {"alice", "bob"}) {
                JsonNode revisions = expect(http.get("/accounts/" + account + "/history"), 200).json()
                        .path("revisions");
                JsonNode last = revisions.get(revisions.size() - 1);
                assertThat(last.path("blockAddress")).isEqualTo(receipt.path("blockAddress"));
                assertThat(last.path("transactionId")).isEqualTo(receipt.path("transactionId"));
                assertThat(last.path("operation").path("type").asText()).isEqualTo("Transfer");
            }

            LedgerDigest before = wallet.ledger.digest();
            assertThat(expect(http.transfer("alice", "bob", "70.01"), 409).errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(wallet.ledger.digest()).isEqualTo(before);
            assertThat(http.balance("alice")).isEqualTo("70.00");
            assertThat(http.balance("bob")).isEqualTo("30.00");
        }
    }
}
