package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import io.vellum.engine.Ledger;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transfer writes both accounts' revisions with one UPDATE statement and reads them with one lookup that returns
 * only the fields an account is read from (session 10): the revisions, versions, operation records and refusals are
 * those the two statements of each kind gave.
 */
class TransferStatementTest {
    @TempDir
    Path directory;

    @Test
    void oneStatementWritesBothRevisionsEachWithTheWholeOperation() {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger);
             Wallet wallet = wallet(connection)) {
            wallet.createTables();
            wallet.createIndexes();
            wallet.createAccount("alice", null);
            wallet.createAccount("bob", null);
            wallet.addFunds("alice", new BigDecimal("10.00"), null);
            wallet.addFunds("bob", new BigDecimal("1.00"), null);

            Receipt receipt = wallet.transfer("alice", "bob", new BigDecimal("2.50"), "t-1");

            assertThat(receipt.changes()).extracting(AccountChange::accountId).containsExactly("alice", "bob");
            assertThat(receipt.changes()).extracting(AccountChange::version).containsExactly(2L, 2L);
            assertThat(receipt.changes().get(0).previousBalance()).isEqualByComparingTo("10.00");
            assertThat(receipt.changes().get(0).currentBalance()).isEqualByComparingTo("7.50");
            assertThat(receipt.changes().get(1).previousBalance()).isEqualByComparingTo("1.00");
            assertThat(receipt.changes().get(1).currentBalance()).isEqualByComparingTo("3.50");

            JournalBlock block = ledger.readBlock(receipt.blockAddress());
            Map<String, String> balances = new TreeMap<>();
            for (var blockRevision : block.revisions()) {
                Revision revision = (Revision) blockRevision;
                IonStruct data = revision.data();
                if (data == null || data.get(WalletSchema.ACCOUNT_ID) == null) {
                    continue; // the request log's entry
                }
                IonStruct operation = (IonStruct) data.get(WalletSchema.OPERATION);
                assertThat(operation.get("type").toString()).isEqualTo("\"Transfer\"");
                assertThat(operation.get("fromAccountId").toString()).isEqualTo("\"alice\"");
                assertThat(operation.get("toAccountId").toString()).isEqualTo("\"bob\"");
                assertThat(operation.get(WalletSchema.TRANSACTION_ID).toString())
                        .isEqualTo("\"" + receipt.transactionId() + "\"");
                assertThat(operation.get(WalletSchema.TX_REQUEST_ID).toString()).isEqualTo("\"t-1\"");
                assertThat(revision.metadata().version()).isEqualTo(2);
                balances.put(data.get(WalletSchema.ACCOUNT_ID).toString(), data.get(WalletSchema.BALANCE).toString());
            }
            assertThat(balances).containsExactly(Map.entry("\"alice\"", "7.50"), Map.entry("\"bob\"", "3.50"));
            assertThat(block.transactionInfo().statements()).as("the transfer's statements: one lookup, one "
                    + "update, the request log's lookup and insert").hasSize(4);
        }
    }

    @Test
    void anAccountDocumentWrittenOutsideTheWalletIsRefusedAsBefore() {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger);
             Wallet wallet = wallet(connection)) {
            IonSystem ion = connection.ionSystem();
            wallet.createTables();
            wallet.createIndexes();
            wallet.createAccount("alice", null);
            wallet.createAccount("bob", null);
            connection.execute(transaction -> transaction.execute("UPDATE Wallet AS w SET w.balance = ? "
                    + "WHERE w.accountId = 'bob'", ion.newString("lots")));

            assertThatThrownBy(() -> wallet.transfer("alice", "bob", new BigDecimal("1.00"), null))
                    .isInstanceOfSatisfying(WalletException.class, e -> {
                        assertThat(e.error()).isEqualTo(WalletError.INTERNAL_ERROR);
                        assertThat(e.getMessage()).isEqualTo("unexpected ledger data: committed view row field "
                                + "data field balance must be a decimal, got STRING \"lots\"");
                    });
            connection.execute(transaction -> transaction.execute("UPDATE Wallet AS w REMOVE w.balance "
                    + "WHERE w.accountId = 'bob'"));
            assertThatThrownBy(() -> wallet.addFunds("bob", new BigDecimal("1.00"), null))
                    .hasMessage("unexpected ledger data: committed view row field data field balance must be a "
                            + "decimal, got no such field");
        }
    }

    private static Wallet wallet(EmbeddedLedgerConnection connection) {
        MoneyRules rules = MoneyRules.defaults();
        return new Wallet(connection, rules, BalanceCache.start(connection, rules, 100, 1_000, Duration.ofSeconds(5)));
    }
}
