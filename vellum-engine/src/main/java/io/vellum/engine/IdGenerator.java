package io.vellum.engine;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Makes the 22-character Base62 ids QLDB uses for transactions, documents, tables, indexes and strands.
 * Implementations must be thread-safe and never repeat an id.
 */
@FunctionalInterface
public interface IdGenerator {
    String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    int LENGTH = 22;

    String nextId();

    /**
     * 128 random bits in 22 Base62 digits (62^22 > 2^128). Each thread draws from its own generator seeded by
     * {@link SecureRandom}, so ids are unique with overwhelming probability and making one takes no lock.
     */
    static IdGenerator random() {
        SecureRandom seeds = new SecureRandom();
        ThreadLocal<SplittableRandom> perThread = ThreadLocal.withInitial(() -> {
            synchronized (seeds) {
                return new SplittableRandom(seeds.nextLong());
            }
        });
        return () -> {
            SplittableRandom random = perThread.get();
            return encode(random.nextLong(), random.nextLong());
        };
    }

    /** Base62 of the unsigned 128-bit value {@code high:low}, left-padded with '0' to 22 digits. */
    static String encode(long high, long low) {
        char[] digits = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            // Long division of the 128-bit value by 62, in 32-bit steps so no intermediate overflows.
            long highRemainder = Long.remainderUnsigned(high, 62);
            high = Long.divideUnsigned(high, 62);
            long upper = (highRemainder << 32) | (low >>> 32);
            long upperQuotient = upper / 62;
            long lower = ((upper % 62) << 32) | (low & 0xFFFF_FFFFL);
            low = (upperQuotient << 32) | (lower / 62);
            digits[i] = ALPHABET.charAt((int) (lower % 62));
        }
        return new String(digits);
    }
}
