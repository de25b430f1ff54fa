package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import io.vellum.engine.Ledger;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race the balance cache must win: a value read from the ledger, overtaken by a commit before it is offered, is
 * refused, even when the cache no longer holds the account (evicted) to notice the difference itself.
 */
class BalanceCacheRaceTest {
    @TempDir
    Path directory;

    @Test
    void aValueOvertakenByACommitIsRefusedEvenAfterItsEntryWasEvicted() throws Exception {
        // Capacity 1: applying b's change below evicts a's entry, which held version 1.
        withAccountsAndCache(1, (ledger, ion, cache, a) -> {
            long readPosition = cache.readPosition();
            AccountSnapshot stale = new AccountSnapshot("a", a, 0, new BigDecimal("0.00"), "USD");

            setBalance(ledger, ion, "a", "5.00");
            setBalance(ledger, ion, "b", "7.00");
            awaitFeed(cache, ledger);
            assertThat(cache.freshEntry("b").map(AccountSnapshot::balance)).contains(new BigDecimal("7.00"));

            cache.offer(stale, readPosition);
            assertThat(cache.freshEntry("a")).as("the overtaken read must not be cached").isEmpty();

            AccountSnapshot current = new AccountSnapshot("a", a, 1, new BigDecimal("5.00"), "USD");
            cache.offer(current, cache.readPosition());
            assertThat(cache.freshEntry("a")).contains(current);
        });
    }

    @Test
    void aCatalogChangeRefusesOffersReadBeforeIt() throws Exception {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger)) {
            IonSystem ion = connection.ionSystem();
            ledger.execute(transaction -> transaction.execute("CREATE TABLE Wallet"));
            String a = insert(ledger, ion, "a");
            try (BalanceCache cache = BalanceCache.start(connection, MoneyRules.defaults(), 100, 1_000,
                    Duration.ofSeconds(5))) {
                long readPosition = cache.readPosition();
                ledger.execute(transaction -> transaction.execute("DROP TABLE Wallet"));
                awaitFeed(cache, ledger);
                cache.offer(new AccountSnapshot("a", a, 0, new BigDecimal("0.00"), "USD"), readPosition);
                assertThat(cache.freshEntry("a")).isEmpty();
            }
        }
    }

    @Test
    void aValueWhoseDocumentChangedItsIdAfterTheReadIsRefused() throws Exception {
        withAccountsAndCache(100, (ledger, ion, cache, a) -> {
            long readPosition = cache.readPosition();
            // The cache never held the document, so only the document's id links this block to the read of "a".
            ledger.execute(transaction -> transaction.execute("UPDATE Wallet AS w SET w.accountId = 'z' "
                    + "WHERE w.accountId = 'a'"));
            awaitFeed(cache, ledger);
            cache.offer(new AccountSnapshot("a", a, 0, new BigDecimal("0.00"), "USD"), readPosition);
            assertThat(cache.freshEntry("a")).isEmpty();
        });
    }

    @Test
    void aValueIsTakenWhenOnlyOtherAccountsChangedAfterTheRead() throws Exception {
        withAccountsAndCache(100, (ledger, ion, cache, a) -> {
            long readPosition = cache.readPosition();
            setBalance(ledger, ion, "b", "7.00");
            setBalance(ledger, ion, "b", "8.00");
            awaitFeed(cache, ledger);
            AccountSnapshot current = new AccountSnapshot("a", a, 0, new BigDecimal("0.00"), "USD");
            cache.offer(current, readPosition);
            assertThat(cache.freshEntry("a")).contains(current);
        });
    }

    /** What a test does with a ledger holding accounts "a" (document {@code a}) and "b" and a cache started after. */
    private interface CacheScenario {
        void run(Ledger ledger, IonSystem ion, BalanceCache cache, String a) throws Exception;
    }

    private void withAccountsAndCache(int capacity, CacheScenario scenario) throws Exception {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger)) {
            IonSystem ion = connection.ionSystem();
            ledger.execute(transaction -> transaction.execute("CREATE TABLE Wallet"));
            ledger.execute(transaction -> transaction.execute("CREATE INDEX ON Wallet (accountId)"));
            String a = insert(ledger, ion, "a");
            insert(ledger, ion, "b");
            try (BalanceCache cache = BalanceCache.start(connection, MoneyRules.defaults(), capacity, 1_000,
                    Duration.ofSeconds(5))) {
                scenario.run(ledger, ion, cache, a);
            }
        }
    }

    private static String insert(Ledger ledger, IonSystem ion, String accountId) {
        return ledger.execute(transaction -> {
            IonStruct inserted = (IonStruct) transaction.execute(
                    "INSERT INTO Wallet VALUE {'accountId': ?, 'balance': 0.00, 'currency': 'USD'}",
                    ion.newString(accountId)).get(0);
            return ((IonString) inserted.get("documentId")).stringValue();
        });
    }

    private static void setBalance(Ledger ledger, IonSystem ion, String accountId, String balance) {
        ledger.execute(transaction -> transaction.execute("UPDATE Wallet AS w SET w.balance = ? WHERE w.accountId = ?",
                ion.newDecimal(new BigDecimal(balance)), ion.newString(accountId)));
    }

    private static void awaitFeed(BalanceCache cache, Ledger ledger) throws InterruptedException {
        long tip = ledger.digest().tipAddress().sequenceNo();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cache.statistics().feedNext() <= tip) {
            assertThat(System.nanoTime()).as("the change feed reaches block " + tip).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
