package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.util.List;
import java.util.Objects;

/** Creates an account with a zero balance; refused when the id exists. */
public record CreateAccount(String accountId) implements Operation {
    static final String TYPE = "CreateAccount";

    public CreateAccount {
        Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<AccountChange> apply(AccountLedger accounts) {
        if (accounts.find(accountId).isPresent()) {
            throw new WalletException(WalletError.ACCOUNT_EXISTS, "account " + accountId + " exists", "accountId");
        }
        return List.of(accounts.insert(accountId));
    }

    @Override
    public void writeFields(IonStruct struct, IonSystem ion) {
        struct.put("accountId", ion.newString(accountId));
    }
}
