package io.vellum.wallet.account;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What an amount of money may be in this wallet: exact decimals (never binary floating point), positive, with at
 * most the currency's minor-unit digits (2 for USD and EUR, 0 for JPY, 3 for BHD), and at most
 * {@code maximumAmount} per operation. Balances are kept at the currency's scale, so {@code 10} is stored and shown
 * as {@code 10.00}.
 *
 * @param currency      the wallet's currency (one per wallet: no conversion ever happens)
 * @param maximumAmount the largest amount one operation may move
 */
public record MoneyRules(Currency currency, BigDecimal maximumAmount) {
    /** The default bound of one operation: one trillion. */
    public static final BigDecimal DEFAULT_MAXIMUM = new BigDecimal("1000000000000");

    public MoneyRules {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(maximumAmount, "maximumAmount");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency " + currency.getCurrencyCode()
                    + " has no minor unit (e.g. a metal or a test code); choose a circulating currency");
        }
        if (maximumAmount.signum() <= 0) {
            throw new IllegalArgumentException("maximumAmount must be positive, got " + maximumAmount.toPlainString());
        }
    }

    /** US dollars, at most one trillion per operation. */
    public static MoneyRules defaults() {
        return new MoneyRules(Currency.getInstance("USD"), DEFAULT_MAXIMUM);
    }

    /** The number of decimal places of the currency's minor unit. */
    public int scale() {
        return currency.getDefaultFractionDigits();
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    /**
     * Checks an amount a request carries and returns it at the currency's scale. Trailing zeros beyond the scale are
     * accepted ({@code 10.500} is {@code 10.50}); digits that would be lost are not.
     *
     * @param field the request field, named in the refusal
     * @throws WalletException {@link WalletError#INVALID_FIELD} naming the field and the rule broken
     */
    public BigDecimal amount(BigDecimal value, String field) {
        Objects.requireNonNull(value, field);
        if (value.signum() <= 0) {
            throw new WalletException(WalletError.INVALID_FIELD,
                    field + " must be positive, got " + describe(value), field);
        }
        if (value.compareTo(maximumAmount) > 0) {
            throw new WalletException(WalletError.INVALID_FIELD, field + " must be at most "
                    + maximumAmount.toPlainString() + ", got " + describe(value), field);
        }
        BigDecimal exact = value.stripTrailingZeros();
        if (exact.scale() > scale()) {
            throw new WalletException(WalletError.INVALID_FIELD, field + " must have at most " + scale()
                    + " decimal places for " + currencyCode() + ", got " + describe(value), field);
        }
        return exact.setScale(scale());
    }

    /** A balance at the currency's scale; a balance with more digits (written outside the wallet) is kept as it is. */
    public BigDecimal balance(BigDecimal value) {
        return value.scale() < scale() ? value.setScale(scale()) : value;
    }

    /** A value for a message: plain digits unless that would be absurdly long (1e1000000, 1e-1000000). */
    private static String describe(BigDecimal value) {
        boolean huge = value.precision() - value.scale() > 40 || value.scale() > 40;
        return huge ? value.toString() : value.toPlainString();
    }
}
