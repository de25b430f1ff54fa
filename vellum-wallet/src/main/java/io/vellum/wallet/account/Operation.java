package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.util.List;

/**
 * A wallet operation that changes balances. Each is stored twice, as the same Ion struct: in the {@code operation}
 * field of every account revision it writes (so the verifiable history says what made each revision) and in the
 * request log under its txRequestId (so a retry can be recognised as the same request).
 */
public sealed interface Operation permits CreateAccount, AddFunds, WithdrawFunds, Transfer {
    /** The operation's name as the API and the ledger show it: {@code AddFunds}, … */
    String type();

    /**
     * Applies the operation inside the current ledger transaction.
     *
     * @return the accounts changed, in receipt order
     * @throws WalletException when the operation is refused (unknown account, insufficient funds, …); the caller's
     *                         transaction then aborts, so nothing is written
     */
    List<AccountChange> apply(AccountLedger accounts);

    /** Adds the operation's own fields (besides {@code type}) to {@code struct}. */
    void writeFields(IonStruct struct, IonSystem ion);

    /** {@code {type, …fields}}. */
    default IonStruct toIon(IonSystem ion) {
        IonStruct struct = ion.newEmptyStruct();
        struct.put(WalletSchema.OPERATION_TYPE, ion.newString(type()));
        writeFields(struct, ion);
        return struct;
    }

    /**
     * Reads what {@link #toIon} wrote.
     *
     * @throws WalletException {@link WalletError#INTERNAL_ERROR} when the struct is not a wallet operation
     */
    static Operation fromIon(IonDocument stored) {
        String type = stored.text(WalletSchema.OPERATION_TYPE);
        switch (type) {
            case CreateAccount.TYPE:
                return new CreateAccount(stored.text("accountId"));
            case AddFunds.TYPE:
                return new AddFunds(stored.text("accountId"), stored.decimal("amount"));
            case WithdrawFunds.TYPE:
                return new WithdrawFunds(stored.text("accountId"), stored.decimal("amount"));
            case Transfer.TYPE:
                return new Transfer(stored.text("fromAccountId"), stored.text("toAccountId"), stored.decimal("amount"));
            default:
                throw new WalletException(WalletError.INTERNAL_ERROR, "unexpected ledger data: " + stored.what()
                        + " has unknown operation type '" + type + "'");
        }
    }
}
