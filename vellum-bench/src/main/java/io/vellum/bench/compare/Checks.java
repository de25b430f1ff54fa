package io.vellum.bench.compare;

import java.math.BigDecimal;

/** The consistency conditions every contender's store must meet after its run. */
final class Checks {
    static final BigDecimal START_BALANCE = new BigDecimal("1000000.00");

    private Checks() {
    }

    /** Every account present and the balances summing to what they started with; throws otherwise. */
    static String balances(String contender, int accounts, long found, BigDecimal sum) {
        BigDecimal expected = START_BALANCE.multiply(BigDecimal.valueOf(accounts));
        if (found != accounts || sum == null || sum.compareTo(expected) != 0) {
            throw new IllegalStateException(contender + ": " + found + " accounts summing to " + sum + ", expected "
                    + accounts + " summing to " + expected.toPlainString());
        }
        return found + " accounts, balances sum to " + sum.toPlainString() + " (= start)";
    }

    /** As many transfer records as transfers the runner saw commit; throws otherwise. */
    static String transfers(long committed, long recorded) {
        if (committed != recorded) {
            throw new IllegalStateException(recorded + " transfer records, but " + committed + " transfers committed");
        }
        return "; " + recorded + " transfer records = committed transfers";
    }
}
