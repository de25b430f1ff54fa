package io.vellum.wallet.account;

import com.amazon.ion.IonStruct;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * An account as one revision of its ledger document shows it.
 *
 * @param accountId  the wallet's id of the account
 * @param documentId the ledger's id of the account document (stable for the account's life)
 * @param version    the revision's version: 0 when created, +1 with every change; the CheckFunds ETag
 * @param balance    the balance at the currency's scale
 * @param currency   ISO 4217 code
 */
public record AccountSnapshot(String accountId, String documentId, long version, BigDecimal balance, String currency) {
    public AccountSnapshot {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * The account a revision's data describes, or empty when the data is not an account document (a delete, or a
     * document written outside the wallet without a string {@code accountId} and a numeric {@code balance}).
     */
    static Optional<AccountSnapshot> fromRevision(String documentId, long version, IonStruct data, MoneyRules rules) {
        if (data == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(documentId, version, IonDocument.of(data, "account document " + documentId), rules));
        } catch (WalletException notAnAccount) {
            return Optional.empty();
        }
    }

    /** The account in {@code data}, refusing data that is not an account document. */
    static AccountSnapshot read(String documentId, long version, IonDocument data, MoneyRules rules) {
        String currency = data.has(WalletSchema.CURRENCY) ? data.text(WalletSchema.CURRENCY) : rules.currencyCode();
        return new AccountSnapshot(data.text(WalletSchema.ACCOUNT_ID), documentId, version,
                rules.balance(data.decimal(WalletSchema.BALANCE)), currency);
    }
}
