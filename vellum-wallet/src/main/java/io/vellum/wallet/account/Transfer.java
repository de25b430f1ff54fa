package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Moves {@code amount} from one account to another in one transaction: both revisions commit in the same block or
 * neither does. Refused when the source's balance is smaller.
 */
public record Transfer(String fromAccountId, String toAccountId, BigDecimal amount) implements Operation {
    static final String TYPE = "Transfer";

    public Transfer {
        Objects.requireNonNull(fromAccountId, "fromAccountId");
        Objects.requireNonNull(toAccountId, "toAccountId");
        Objects.requireNonNull(amount, "amount");
        if (fromAccountId.equals(toAccountId)) {
            throw new WalletException(WalletError.INVALID_FIELD,
                    "toAccountId must differ from fromAccountId, both are " + fromAccountId, "toAccountId");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<AccountChange> apply(AccountLedger accounts) {
        List<AccountSnapshot> both = accounts.requireBoth(fromAccountId, "fromAccountId", toAccountId, "toAccountId");
        AccountSnapshot from = both.get(0);
        AccountSnapshot to = both.get(1);
        accounts.requireFunds(from, amount);
        return accounts.updateBoth(from, from.balance().subtract(amount), to, to.balance().add(amount));
    }

    @Override
    public void writeFields(IonStruct struct, IonSystem ion) {
        struct.put("fromAccountId", ion.newString(fromAccountId));
        struct.put("toAccountId", ion.newString(toAccountId));
        struct.put("amount", ion.newDecimal(amount));
    }
}
