package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.BlockAddress;
import io.vellum.wallet.account.AccountChange;
import io.vellum.wallet.account.AddFunds;
import io.vellum.wallet.account.CreateAccount;
import io.vellum.wallet.account.Receipt;
import io.vellum.wallet.account.Transfer;
import io.vellum.wallet.account.WithdrawFunds;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The receipts' JSON, byte for byte as the README's walkthrough shows them (the answers of the build before the
 * receipt was written without a tree first): the same members in the same order, money as strings, a missing
 * txRequestId as null.
 */
class ReceiptJsonTest {
    private static final BlockAddress BLOCK = new BlockAddress("6sWOu1NGaEkJr6jg8RR2ny", 7);
    private static final String ALICE = "0885IyJ49oZl0649TCLnuo";
    private static final String BOB = "31WpwAcpBlBLO7FvUtxMhb";

    @Test
    void aTransferReceiptNamesBothChanges() {
        Receipt receipt = new Receipt(new Transfer("alice", "bob", new BigDecimal("10.00")),
                List.of(new AccountChange("alice", ALICE, new BigDecimal("60.25"), new BigDecimal("50.25"), 3),
                        new AccountChange("bob", BOB, new BigDecimal("0.00"), new BigDecimal("10.00"), 1)),
                "USD", "2NRnYnKTtgXnMJPVzIRwvj", BLOCK, null, false);
        assertThat(json(receipt)).isEqualTo("{\"operation\":\"Transfer\",\"fromAccountId\":\"alice\",\"toAccountId\":"
                + "\"bob\",\"amount\":\"10.00\",\"currency\":\"USD\",\"from\":{\"accountId\":\"alice\",\"previousBalance\":"
                + "\"60.25\",\"currentBalance\":\"50.25\",\"version\":3,\"documentId\":\"0885IyJ49oZl0649TCLnuo\"},"
                + "\"to\":{\"accountId\":\"bob\",\"previousBalance\":\"0.00\",\"currentBalance\":\"10.00\",\"version\":1,"
                + "\"documentId\":\"31WpwAcpBlBLO7FvUtxMhb\"},\"transactionId\":\"2NRnYnKTtgXnMJPVzIRwvj\","
                + "\"blockAddress\":{\"strandId\":\"6sWOu1NGaEkJr6jg8RR2ny\",\"sequenceNo\":7},\"txRequestId\":null,"
                + "\"replayed\":false}");
    }

    @Test
    void aSingleAccountReceiptShowsTheBalanceBeforeAndAfter() {
        Receipt withdrawal = new Receipt(new WithdrawFunds("alice", new BigDecimal("40.25")),
                List.of(new AccountChange("alice", ALICE, new BigDecimal("100.50"), new BigDecimal("60.25"), 2)),
                "USD", "6oFPGrqjwxnLAmVB45TFrB", new BlockAddress("6sWOu1NGaEkJr6jg8RR2ny", 6), null, false);
        assertThat(json(withdrawal)).isEqualTo("{\"operation\":\"WithdrawFunds\",\"accountId\":\"alice\",\"amount\":"
                + "\"40.25\",\"previousBalance\":\"100.50\",\"currentBalance\":\"60.25\",\"currency\":\"USD\","
                + "\"version\":2,\"documentId\":\"0885IyJ49oZl0649TCLnuo\",\"transactionId\":\"6oFPGrqjwxnLAmVB45TFrB\","
                + "\"blockAddress\":{\"strandId\":\"6sWOu1NGaEkJr6jg8RR2ny\",\"sequenceNo\":6},\"txRequestId\":null,"
                + "\"replayed\":false}");
        Receipt replayedDeposit = new Receipt(new AddFunds("alice", new BigDecimal("100.50")),
                List.of(new AccountChange("alice", ALICE, new BigDecimal("0.00"), new BigDecimal("100.50"), 1)),
                "USD", "5SYmuhmjntSOfnhyOpQg4w", new BlockAddress("6sWOu1NGaEkJr6jg8RR2ny", 5), "dep-0001", true);
        assertThat(json(replayedDeposit)).isEqualTo("{\"operation\":\"AddFunds\",\"accountId\":\"alice\",\"amount\":"
                + "\"100.50\",\"previousBalance\":\"0.00\",\"currentBalance\":\"100.50\",\"currency\":\"USD\","
                + "\"version\":1,\"documentId\":\"0885IyJ49oZl0649TCLnuo\",\"transactionId\":\"5SYmuhmjntSOfnhyOpQg4w\","
                + "\"blockAddress\":{\"strandId\":\"6sWOu1NGaEkJr6jg8RR2ny\",\"sequenceNo\":5},\"txRequestId\":"
                + "\"dep-0001\",\"replayed\":true}");
    }

    @Test
    void aCreateAccountReceiptShowsTheZeroBalance() {
        Receipt created = new Receipt(new CreateAccount("alice"),
                List.of(new AccountChange("alice", ALICE, null, new BigDecimal("0.00"), 0)),
                "USD", "5Dj5DLD3UIfjCxWSVREQxM", new BlockAddress("6sWOu1NGaEkJr6jg8RR2ny", 3), null, false);
        assertThat(json(created)).isEqualTo("{\"operation\":\"CreateAccount\",\"accountId\":\"alice\",\"balance\":"
                + "\"0.00\",\"currency\":\"USD\",\"version\":0,\"documentId\":\"0885IyJ49oZl0649TCLnuo\","
                + "\"transactionId\":\"5Dj5DLD3UIfjCxWSVREQxM\",\"blockAddress\":{\"strandId\":"
                + "\"6sWOu1NGaEkJr6jg8RR2ny\",\"sequenceNo\":3},\"txRequestId\":null,\"replayed\":false}");
    }

    private static String json(Receipt receipt) {
        return new String(WalletJson.receipt(receipt), StandardCharsets.UTF_8);
    }
}
