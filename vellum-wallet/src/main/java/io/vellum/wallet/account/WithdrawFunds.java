package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Subtracts {@code amount} from an account's balance; refused when the balance is smaller. The balance is read and
 * written in one serializable transaction, so concurrent withdrawals can never together overdraw the account.
 */
public record WithdrawFunds(String accountId, BigDecimal amount) implements Operation {
    static final String TYPE = "WithdrawFunds";

    public WithdrawFunds {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(amount, "amount");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<AccountChange> apply(AccountLedger accounts) {
        AccountSnapshot account = accounts.require(accountId, "accountId");
        accounts.requireFunds(account, amount);
        return List.of(accounts.update(account, account.balance().subtract(amount)));
    }

    @Override
    public void writeFields(IonStruct struct, IonSystem ion) {
        struct.put("accountId", ion.newString(accountId));
        struct.put("amount", ion.newDecimal(amount));
    }
}
