package io.vellum.server.auth;

import io.vellum.sigv4.CanonicalRequest;
import io.vellum.sigv4.SignatureV4;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SignatureVerifier} as it was before session 11 (the Authorization header and SignedHeaders split into
 * strings, the canonical request and string to sign built as strings): the oracle that
 * {@link SignatureVerifierEquivalenceTest} holds the per-index verifier to, answer for answer. Not used by the server.
 */
final class StringSplittingVerifier {
    /** How far {@code X-Amz-Date} may be from the server's clock, either way. */
    public static final Duration MAXIMUM_CLOCK_SKEW = Duration.ofMinutes(15);
    public static final String MISSING_AUTHENTICATION = "MissingAuthenticationTokenException";
    public static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    public static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    public static final String INVALID_SIGNATURE = "InvalidSignatureException";

    private static final String ALGORITHM = SignatureV4.ALGORITHM;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final int MAXIMUM_CACHED_KEYS = 1024;

    private final AccessKeys keys;
    private final Clock clock;
    /** "accessKeyId/date/region/service/aws4_request" (the credential as the client sent it) -> signing key. */
    private final ConcurrentHashMap<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    StringSplittingVerifier(AccessKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the request's signature; never throws for a bad request. */
    public AuthenticationResult verify(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            return AuthenticationResult.refused(MISSING_AUTHENTICATION, "Missing Authentication Token: the request"
                    + " carries no Authorization header; sign it with AWS Signature Version 4");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return incomplete("Unsupported Authorization scheme; only " + ALGORITHM + " is accepted");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            String component = part.strip();
            int equals = component.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String value = component.substring(equals + 1).strip();
            switch (component.substring(0, equals).strip()) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // Unknown components carry nothing we check.
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            return incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
                    + " parameters. Authorization=" + ALGORITHM + " …");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || !scope[4].equals("aws4_request") || scope[0].isEmpty() || scope[2].isEmpty()
                || scope[3].isEmpty()) {
            return incomplete("Credential must have the form <access key id>/<yyyyMMdd>/<region>/<service>"
                    + "/aws4_request, not '" + credential + "'");
        }
        String secret = keys.secretOf(scope[0]);
        if (secret == null) {
            return AuthenticationResult.refused(UNRECOGNIZED_CLIENT, "The security token included in the request is"
                    + " invalid: access key id " + scope[0] + " is not known to this server.");
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            return incomplete("Authorization header requires existence of an 'X-Amz-Date' header.");
        }
        Instant signedAt = parseAmzDate(amzDate);
        if (signedAt == null) {
            return incomplete("X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z', not '" + amzDate + "'");
        }
        AuthenticationResult skew = checkClock(amzDate, signedAt);
        if (skew != null) {
            return skew;
        }
        if (!amzDate.startsWith(scope[1])) {
            return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                    + " HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        List<String> headerNames = Arrays.asList(signedHeaders.split(";"));
        if (!headerNames.contains("host") || !headerNames.contains("x-amz-date")) {
            return incomplete("SignedHeaders must include 'host' and 'x-amz-date', got '" + signedHeaders + "'");
        }
        StringBuilder canonicalHeaders = new StringBuilder(256);
        for (String name : headerNames) {
            String value = request.header(name);
            if (value == null) {
                return invalid("Header '" + name + "' is listed in SignedHeaders but absent from the request");
            }
            canonicalHeaders.append(name).append(':').append(CanonicalRequest.headerValue(value)).append('\n');
        }
        String bodyHash = SignatureV4.sha256Hex(request.body());
        String claimedHash = request.header("x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equalsIgnoreCase(bodyHash)) {
            return invalid(claimedHash.startsWith("UNSIGNED-PAYLOAD") || claimedHash.startsWith("STREAMING-")
                    ? "X-Amz-Content-Sha256 '" + claimedHash + "' is not accepted: this server requires the payload"
                    + " to be signed (its SHA-256 in hex)"
                    : "The provided 'x-amz-content-sha256' header does not match what was computed: the SHA-256 of"
                    + " the body is " + bodyHash);
        }
        String canonicalRequest = CanonicalRequest.of(request.method(), request.rawPath(), request.rawQuery(),
                canonicalHeaders.toString(), signedHeaders, claimedHash != null ? claimedHash : bodyHash);
        String stringToSign = SignatureV4.stringToSign(amzDate,
                credential.substring(scope[0].length() + 1), canonicalRequest); // date/region/service/aws4_request
        byte[] expected = SignatureV4.signature(signingKey(credential, scope, secret), stringToSign)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] provided = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            return invalid("The request signature we calculated does not match the signature you provided. Check"
                    + " your AWS Secret Access Key and signing method. Consult the service documentation for details."
                    + "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest + "'\n\n"
                    + "The String-to-Sign should have been\n'" + stringToSign + "'\n");
        }
        return AuthenticationResult.authenticated(scope[0]);
    }

    private AuthenticationResult checkClock(String amzDate, Instant signedAt) {
        Instant now = clock.instant();
        Instant earliest = now.minus(MAXIMUM_CLOCK_SKEW);
        Instant latest = now.plus(MAXIMUM_CLOCK_SKEW);
        if (signedAt.isBefore(earliest)) {
            return invalid("Signature expired: " + amzDate + " is now earlier than " + format(earliest) + " ("
                    + format(now) + " - " + MAXIMUM_CLOCK_SKEW.toMinutes() + " min.)");
        }
        if (signedAt.isAfter(latest)) {
            return invalid("Signature not yet current: " + amzDate + " is still later than " + format(latest) + " ("
                    + format(now) + " + " + MAXIMUM_CLOCK_SKEW.toMinutes() + " min.)");
        }
        return null;
    }

    /** @param credential the whole credential, {@code accessKeyId/date/region/service/aws4_request}: the cache key */
    private byte[] signingKey(String credential, String[] scope, String secret) {
        String cacheKey = credential;
        byte[] key = signingKeys.get(cacheKey);
        if (key == null) {
            key = SignatureV4.signingKey(secret, scope[1], scope[2], scope[3]);
            if (signingKeys.size() >= MAXIMUM_CACHED_KEYS) {
                // Scopes change daily; dropping everything now and then is simpler than an LRU and just as good.
                signingKeys.clear();
            }
            signingKeys.put(cacheKey, key);
        }
        return key;
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} as an instant, or null if {@code amzDate} has another form or names no real
     * time. By hand: {@link DateTimeFormatter} parsing cost a few percent of the server's CPU per request.
     */
    static Instant parseAmzDate(String amzDate) {
        if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (amzDate.charAt(i) < '0' || amzDate.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8),
                    digits(amzDate, 9, 11), digits(amzDate, 11, 13), digits(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static AuthenticationResult incomplete(String message) {
        return AuthenticationResult.refused(INCOMPLETE_SIGNATURE, message);
    }

    private static AuthenticationResult invalid(String message) {
        return AuthenticationResult.refused(INVALID_SIGNATURE, message);
    }
}
