package io.vellum.server.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read {@code /metrics} (it names every ledger): by default only signed requests, like every other surface.
 * Prometheus cannot sign AWS Signature V4 requests, so a bearer token may be configured as well
 * ({@code Authorization: Bearer <token>}, Prometheus' {@code authorization} / {@code bearer_token_file}); or the
 * endpoint is left open by an explicit insecure flag, which the server logs as a warning at every start.
 *
 * @param bearerToken    the token Prometheus sends, or null for none (signed requests only)
 * @param insecureNoAuth serve {@code /metrics} to anyone ({@code --metrics-insecure-no-auth})
 */
public record MetricsAccess(String bearerToken, boolean insecureNoAuth) {
    /** Tokens shorter than this are refused: a token is a secret, not a password someone types. */
    public static final int MINIMUM_TOKEN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    public MetricsAccess {
        if (bearerToken != null) {
            bearerToken = bearerToken.strip();
            if (bearerToken.length() < MINIMUM_TOKEN_LENGTH || !bearerToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("the metrics token must be at least " + MINIMUM_TOKEN_LENGTH
                        + " printable ASCII characters without spaces");
            }
        }
        if (bearerToken != null && insecureNoAuth) {
            throw new IllegalArgumentException("give a metrics token or leave /metrics open, not both");
        }
    }

    /** The default: signed requests only. */
    public static MetricsAccess signedOnly() {
        return new MetricsAccess(null, false);
    }

    /**
     * Whether {@code authorization} (the request's {@code Authorization} header, may be null) carries this token.
     * Compared in constant time.
     */
    public boolean acceptsBearer(String authorization) {
        if (bearerToken == null || !isBearer(authorization)) {
            return false;
        }
        byte[] given = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, bearerToken.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether the header is a bearer credential (rather than a SigV4 signature). */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "MetricsAccess[" + (insecureNoAuth ? "open" : bearerToken != null ? "signed or bearer token"
                : "signed only") + "]";
    }
}
