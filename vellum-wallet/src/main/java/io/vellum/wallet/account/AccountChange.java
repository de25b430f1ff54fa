package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one operation did to one account: the new revision of its document.
 *
 * @param accountId       the account
 * @param documentId      its ledger document
 * @param previousBalance the balance before, or null when the operation created the account
 * @param currentBalance  the balance after
 * @param version         the version of the revision the operation wrote
 */
public record AccountChange(String accountId, String documentId, BigDecimal previousBalance,
                            BigDecimal currentBalance, long version) {
    public AccountChange {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(currentBalance, "currentBalance");
    }

    /** As the request log stores it. */
    IonStruct toIon(IonSystem ion) {
        IonStruct struct = ion.newEmptyStruct();
        struct.put("accountId", ion.newString(accountId));
        struct.put("documentId", ion.newString(documentId));
        if (previousBalance != null) {
            struct.put("previousBalance", ion.newDecimal(previousBalance));
        }
        struct.put("currentBalance", ion.newDecimal(currentBalance));
        struct.put("version", ion.newInt(version));
        return struct;
    }

    static AccountChange fromIon(IonDocument stored) {
        return new AccountChange(stored.text("accountId"), stored.text("documentId"),
                stored.optionalDecimal("previousBalance"), stored.decimal("currentBalance"),
                stored.longValue("version"));
    }
}
