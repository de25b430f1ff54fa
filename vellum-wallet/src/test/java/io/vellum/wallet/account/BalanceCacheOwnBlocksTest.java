package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import io.vellum.engine.Ledger;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet's own blocks reach the balance cache from the operation that committed them, not read back from the
 * journal; blocks of other writers are still read, also when they commit while an operation is in flight. The feed
 * is given a long wait for owners here so that the outcome does not depend on thread scheduling.
 */
class BalanceCacheOwnBlocksTest {
    private static final Duration PATIENT = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    @Test
    void theWalletsOwnBlocksAreAppliedWithoutReadingThemAndMatchTheLedger() throws Exception {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger)) {
            MoneyRules rules = MoneyRules.defaults();
            try (BalanceCache cache = BalanceCache.start(connection, rules, 100, 1_000, Duration.ofSeconds(5), PATIENT);
                 Wallet wallet = new Wallet(connection, rules, cache)) {
                wallet.createTables();
                wallet.createIndexes();
                awaitFeed(cache, ledger); // catalog blocks are read: the wallet hands in only its operations
                long afterSchema = cache.statistics().blocksRead();
                wallet.createAccount("alice", null);
                wallet.createAccount("bob", null);
                wallet.addFunds("alice", new BigDecimal("10.00"), "deposit-1");
                Receipt transfer = wallet.transfer("alice", "bob", new BigDecimal("2.50"), null);
                awaitFeed(cache, ledger);

                assertThat(cache.statistics().blocksHandedIn()).as("blocks handed in by the wallet").isEqualTo(4);
                assertThat(cache.statistics().blocksRead()).as("blocks read back").isEqualTo(afterSchema);
                // What the cache holds is what a ledger read says, version included.
                assertThat(cache.freshEntry("alice")).contains(ledgerRead(connection, rules, "alice"));
                assertThat(cache.freshEntry("bob")).contains(ledgerRead(connection, rules, "bob"));
                assertThat(cache.freshEntry("alice").orElseThrow().balance()).isEqualByComparingTo("7.50");
                // The receipt's block (from the commit) is the block the history shows for that revision.
                AccountHistory history = wallet.history("bob", 0, 10);
                assertThat(transfer.blockAddress()).isEqualTo(history.revisions().get(history.revisions().size() - 1)
                        .blockAddress());
            }
        }
    }

    @Test
    void aBlockOfAnotherWriterCommittedWhileAnOperationIsInFlightIsReadAndApplied() throws Exception {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger)) {
            MoneyRules rules = MoneyRules.defaults();
            IonSystem ion = connection.ionSystem();
            try (BalanceCache cache = BalanceCache.start(connection, rules, 100, 1_000, Duration.ofSeconds(5), PATIENT);
                 Wallet wallet = new Wallet(connection, rules, cache)) {
                wallet.createTables();
                wallet.createIndexes();
                wallet.createAccount("alice", null);
                awaitFeed(cache, ledger);
                long readBefore = cache.statistics().blocksRead();

                cache.writeStarting(); // an operation of this wallet is committing
                ledger.execute(transaction -> transaction.execute("UPDATE Wallet AS w SET w.balance = ? "
                        + "WHERE w.accountId = ?", ion.newDecimal(new BigDecimal("42.00")), ion.newString("alice")));
                cache.writeFinished(-1, List.of()); // it failed: the feed stops waiting for an owner

                awaitFeed(cache, ledger);
                assertThat(cache.statistics().blocksRead()).isEqualTo(readBefore + 1);
                assertThat(cache.freshEntry("alice").orElseThrow().balance()).isEqualByComparingTo("42.00");
                assertThat(cache.freshEntry("alice")).contains(ledgerRead(connection, rules, "alice"));
            }
        }
    }

    private static AccountSnapshot ledgerRead(EmbeddedLedgerConnection connection, MoneyRules rules, String id) {
        return connection.execute(transaction -> AccountLedger.reading(transaction, connection.ionSystem(), rules)
                .find(id).orElseThrow());
    }

    private static void awaitFeed(BalanceCache cache, Ledger ledger) throws InterruptedException {
        long tip = ledger.digest().tipAddress().sequenceNo();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (cache.statistics().feedNext() <= tip) {
            assertThat(System.nanoTime()).as("the change feed reaches block " + tip).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
