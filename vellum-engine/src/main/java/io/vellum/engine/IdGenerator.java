package io.vellum.engine;

import java.security.SecureRandom;

/**
 * Makes the 22-character Base62 ids QLDB uses for transactions, documents, tables, indexes and strands.
 * Implementations must be thread-safe and never repeat an id.
 */
@FunctionalInterface
public interface IdGenerator {
    String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    int LENGTH = 22;

    String nextId();

    /** 128 random bits in 22 Base62 digits (62^22 > 2^128, so no two random values share an id). */
    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return encode(new java.math.BigInteger(1, bytes));
        };
    }

    /** Base62 of {@code value}, left-padded with '0' to 22 digits. */
    static String encode(java.math.BigInteger value) {
        char[] digits = new char[LENGTH];
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        for (int i = LENGTH - 1; i >= 0; i--) {
            java.math.BigInteger[] quotientAndRemainder = value.divideAndRemainder(base);
            digits[i] = ALPHABET.charAt(quotientAndRemainder[1].intValue());
            value = quotientAndRemainder[0];
        }
        return new String(digits);
    }
}
