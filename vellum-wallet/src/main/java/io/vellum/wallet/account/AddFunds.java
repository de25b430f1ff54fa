package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Adds {@code amount} to an account's balance. */
public record AddFunds(String accountId, BigDecimal amount) implements Operation {
    static final String TYPE = "AddFunds";

    public AddFunds {
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
        return List.of(accounts.update(account, account.balance().add(amount)));
    }

    @Override
    public void writeFields(IonStruct struct, IonSystem ion) {
        struct.put("accountId", ion.newString(accountId));
        struct.put("amount", ion.newDecimal(amount));
    }
}
