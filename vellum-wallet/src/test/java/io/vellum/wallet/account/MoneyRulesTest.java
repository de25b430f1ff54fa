package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyRulesTest {
    private final MoneyRules dollars = MoneyRules.defaults();

    @Test
    void amountsComeBackAtTheCurrencysScale() {
        assertThat(dollars.amount(new BigDecimal("10"), "amount")).isEqualTo(new BigDecimal("10.00"));
        assertThat(dollars.amount(new BigDecimal("10.5"), "amount")).isEqualTo(new BigDecimal("10.50"));
        assertThat(dollars.amount(new BigDecimal("10.500"), "amount")).isEqualTo(new BigDecimal("10.50"));
        assertThat(dollars.amount(new BigDecimal("1E+3"), "amount")).isEqualTo(new BigDecimal("1000.00"));
        assertThat(dollars.amount(new BigDecimal("0.01"), "amount")).isEqualTo(new BigDecimal("0.01"));
        assertThat(dollars.amount(MoneyRules.DEFAULT_MAXIMUM, "amount")).isEqualTo(new BigDecimal("1000000000000.00"));
    }

    @Test
    void refusesWhatIsNotAPositiveBoundedAmountOfTheCurrency() {
        refused("0", "must be positive, got 0");
        refused("-0.01", "must be positive, got -0.01");
        refused("0.001", "at most 2 decimal places for USD, got 0.001");
        refused("1000000000000.01", "must be at most 1000000000000");
        refused("1E-1000000", "decimal places");
        refused("1E+1000000", "got 1E+1000000");
    }

    @Test
    void usesTheMinorUnitOfTheCurrency() {
        MoneyRules yen = new MoneyRules(Currency.getInstance("JPY"), MoneyRules.DEFAULT_MAXIMUM);
        assertThat(yen.amount(new BigDecimal("500"), "amount")).isEqualTo(new BigDecimal("500"));
        assertThatThrownBy(() -> yen.amount(new BigDecimal("0.5"), "amount")).hasMessageContaining("0 decimal places");
        MoneyRules dinar = new MoneyRules(Currency.getInstance("BHD"), MoneyRules.DEFAULT_MAXIMUM);
        assertThat(dinar.amount(new BigDecimal("1.005"), "amount")).isEqualTo(new BigDecimal("1.005"));
        assertThat(dinar.balance(BigDecimal.ZERO)).isEqualTo(new BigDecimal("0.000"));
        assertThatThrownBy(() -> new MoneyRules(Currency.getInstance("XAU"), MoneyRules.DEFAULT_MAXIMUM))
                .hasMessageContaining("no minor unit");
    }

    private void refused(String amount, String message) {
        assertThatThrownBy(() -> dollars.amount(new BigDecimal(amount), "amount"))
                .isInstanceOfSatisfying(WalletException.class, e -> {
                    assertThat(e.error()).isEqualTo(WalletError.INVALID_FIELD);
                    assertThat(e.field()).isEqualTo("amount");
                })
                .hasMessageContaining(message);
    }
}
