package io.vellum.server.session;

/**
 * Session tokens name their ledger: {@code <ledger name><44 Base64 characters of 32 random bytes>}. Both parts use
 * only characters of QLDB's token pattern ({@code [A-Za-z-0-9+/=]}); the random part has a fixed length, so the
 * ledger is the token without its last 44 characters. Unguessable as before (the random part is 256 bits).
 */
public final class SessionTokens {
    /** Length of the Base64 encoding of the 32 random bytes. */
    static final int RANDOM_LENGTH = 44;

    private SessionTokens() {
    }

    static String token(String ledgerName, String random) {
        if (random.length() != RANDOM_LENGTH) {
            throw new IllegalArgumentException("the random part has " + RANDOM_LENGTH + " characters");
        }
        return ledgerName + random;
    }

    /** The ledger a token was issued for, or null when {@code token} is not one of this format. */
    public static String ledgerOf(String token) {
        if (token == null || token.length() <= RANDOM_LENGTH) {
            return null;
        }
        return token.substring(0, token.length() - RANDOM_LENGTH);
    }
}
