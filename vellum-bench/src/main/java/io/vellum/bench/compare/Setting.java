package io.vellum.bench.compare;

import java.util.Random;

/** How transfers pick their two accounts out of {@code accounts} (ids 0 … accounts-1). */
public enum Setting {
    /** Both accounts uniform over all accounts, never the same one. */
    UNIFORM,
    /**
     * Exactly 10 % of transfers have account 0 as source or target (each side half the time), the other side uniform
     * over the rest; the other 90 % are uniform over accounts 1 … accounts-1, so the hot account's share is exactly
     * 10 % and not 10 % plus chance.
     */
    HOT;

    /** The source and target of the next transfer; never equal. */
    public Pair pick(Random random, int accounts) {
        if (this == HOT && random.nextInt(10) == 0) {
            int other = 1 + random.nextInt(accounts - 1);
            return random.nextBoolean() ? new Pair(0, other) : new Pair(other, 0);
        }
        int first = this == HOT ? 1 : 0;
        int range = accounts - first;
        int from = first + random.nextInt(range);
        int to = first + (from - first + 1 + random.nextInt(range - 1)) % range;
        return new Pair(from, to);
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Source and target account numbers of one transfer. */
    public record Pair(int from, int to) {
    }

    /** The account id every contender uses for account number {@code n} (as TransferWorkload's accounts). */
    public static String accountId(int n) {
        return "acct-" + n;
    }
}
