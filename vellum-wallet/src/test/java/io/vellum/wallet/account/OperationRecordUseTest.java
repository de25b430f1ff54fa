package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.wallet.ledger.WalletTransaction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operation record each write stamps its revision with: the first statement gets the record itself (a transfer
 * writes with one statement, so it is never copied), every further statement a copy of its own, since the first may
 * have put the record into a container.
 */
class OperationRecordUseTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void theFirstStatementTakesTheRecordAndEachFurtherOneACopy() {
        IonStruct record = ION.newEmptyStruct();
        record.put("type", ION.newString("AddFunds"));
        List<IonValue[]> sent = new ArrayList<>();
        WalletTransaction transaction = new WalletTransaction() {
            @Override
            public List<IonValue> execute(String statement, IonValue... parameters) {
                sent.add(parameters);
                return List.of();
            }

            @Override
            public String transactionId() {
                return "t";
            }
        };
        AccountLedger accounts = new AccountLedger(transaction, ION, MoneyRules.defaults(), record);
        AccountSnapshot alice = new AccountSnapshot("alice", "d1", 0, new BigDecimal("1.00"), "USD");

        accounts.update(alice, new BigDecimal("2.00"));
        // The engine may keep the first statement's record in a container of its own.
        ION.newEmptyList().add(sent.get(0)[1]);
        accounts.update(alice, new BigDecimal("3.00"));
        accounts.update(alice, new BigDecimal("4.00"));

        assertThat(sent.get(0)[1]).isSameAs(record);
        assertThat(sent.get(1)[1]).isNotSameAs(record).isEqualTo(record);
        assertThat(sent.get(2)[1]).isNotSameAs(record).isNotSameAs(sent.get(1)[1]).isEqualTo(record);
        assertThat(sent.get(1)[1].getContainer()).isNull();
    }
}
