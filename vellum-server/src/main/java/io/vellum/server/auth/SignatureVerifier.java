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
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/
 * aws4_request, SignedHeaders=…, Signature=…}), as every AWS SDK and the AWS CLI sign requests.
 *
 * <p>Rules, and the 403 error type each refusal carries (the types AWS services use, so SDKs classify them the same
 * way; none is retried by the SDKs or the QLDB driver unless the server's {@code Date} shows a clock skew):
 * <ul>
 *   <li>no {@code Authorization} header: {@code MissingAuthenticationTokenException};</li>
 *   <li>another scheme, a malformed header, a missing or malformed {@code X-Amz-Date}, {@code host} or
 *       {@code x-amz-date} not signed: {@code IncompleteSignatureException};</li>
 *   <li>unknown access key id: {@code UnrecognizedClientException};</li>
 *   <li>{@code X-Amz-Date} more than 15 minutes from the server's clock ("Signature expired: …" / "Signature not
 *       yet current: …"), a credential scope date other than the request date, a signed header that is absent,
 *       an {@code X-Amz-Content-Sha256} that is not the SHA-256 of the body (an unsigned or streaming payload
 *       is refused: the body must always be covered), a wrong signature: {@code InvalidSignatureException}.</li>
 * </ul>
 * The region and service of the credential scope are taken as the client signed them: the key pair is ours, so a
 * client configured for another region is still who it claims to be. A replayed request is accepted within the
 * 15-minute window (as AWS does); TLS keeps requests from being captured.
 *
 * <p>Thread-safe; signing keys are cached per access key and scope, so a request costs two SHA-256 and one HMAC.
 * The hashing runs on per-thread buffers ({@link SignatureWork}).
 */
public final class SignatureVerifier {
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
    /**
     * "accessKeyId/date/region/service/aws4_request" (the credential as the client sent it, its access key id known)
     * -> the key id's result and the scope's signing key. The keys are immutable, so a known key id stays known.
     */
    private final ConcurrentHashMap<String, Credential> credentials = new ConcurrentHashMap<>();

    /** A credential whose access key id is known: its authenticated result and its scope's signing key. */
    private record Credential(AuthenticationResult authenticated, byte[] signingKey) {
    }

    public SignatureVerifier(AccessKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks the request's signature; never throws for a bad request. Reads the {@code Authorization} header by
     * index rather than by splitting it, and hashes the canonical request and the string to sign from one
     * per-thread buffer ({@link SignatureWork}); the texts themselves are built only for the message of a refusal.
     * The rules and every refusal are those of the class comment.
     */
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
        // The comma-separated components, each stripped; "name = value" with the name and value stripped too. A
        // component without '=' after its first character carries nothing; the last of a repeated name counts.
        int length = authorization.length();
        int partStart = ALGORITHM.length() + 1;
        while (partStart <= length) {
            int comma = authorization.indexOf(',', partStart);
            int partEnd = comma < 0 ? length : comma;
            int componentStart = skipWhitespace(authorization, partStart, partEnd);
            int componentEnd = trimWhitespace(authorization, componentStart, partEnd);
            int equals = authorization.indexOf('=', componentStart);
            if (equals > componentStart && equals < componentEnd) {
                int nameEnd = trimWhitespace(authorization, componentStart, equals);
                String value = authorization.substring(skipWhitespace(authorization, equals + 1, componentEnd),
                        componentEnd);
                if (isName(authorization, componentStart, nameEnd, "Credential")) {
                    credential = value;
                } else if (isName(authorization, componentStart, nameEnd, "SignedHeaders")) {
                    signedHeaders = value;
                } else if (isName(authorization, componentStart, nameEnd, "Signature")) {
                    signature = value;
                }
                // Unknown components carry nothing we check.
            }
            partStart = partEnd + 1;
        }
        if (credential == null || signedHeaders == null || signature == null) {
            return incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
                    + " parameters. Authorization=" + ALGORITHM + " …");
        }
        // accessKeyId/date/region/service/aws4_request: exactly four slashes.
        int keyEnd = credential.indexOf('/');
        int dateEnd = keyEnd < 0 ? -1 : credential.indexOf('/', keyEnd + 1);
        int regionEnd = dateEnd < 0 ? -1 : credential.indexOf('/', dateEnd + 1);
        int serviceEnd = regionEnd < 0 ? -1 : credential.indexOf('/', regionEnd + 1);
        if (serviceEnd < 0 || credential.indexOf('/', serviceEnd + 1) >= 0
                || !credential.regionMatches(serviceEnd + 1, "aws4_request", 0, credential.length() - serviceEnd - 1)
                || credential.length() - serviceEnd - 1 != "aws4_request".length() || keyEnd == 0
                || regionEnd == dateEnd + 1 || serviceEnd == regionEnd + 1) {
            return incomplete("Credential must have the form <access key id>/<yyyyMMdd>/<region>/<service>"
                    + "/aws4_request, not '" + credential + "'");
        }
        Credential known = credentials.get(credential);
        if (known == null) {
            String accessKeyId = credential.substring(0, keyEnd);
            String secret = keys.secretOf(accessKeyId);
            if (secret == null) {
                return AuthenticationResult.refused(UNRECOGNIZED_CLIENT, "The security token included in the request"
                        + " is invalid: access key id " + accessKeyId + " is not known to this server.");
            }
            known = remember(credential, new Credential(AuthenticationResult.authenticated(accessKeyId),
                    SignatureV4.signingKey(secret, credential.substring(keyEnd + 1, dateEnd),
                            credential.substring(dateEnd + 1, regionEnd),
                            credential.substring(regionEnd + 1, serviceEnd))));
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
        int dateLength = dateEnd - keyEnd - 1;
        if (dateLength > amzDate.length() || !amzDate.regionMatches(0, credential, keyEnd + 1, dateLength)) {
            String scopeDate = credential.substring(keyEnd + 1, dateEnd);
            return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                    + " HTTP: '" + scopeDate + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        // The signed header names as String.split(";") gives them: trailing empty names dropped, others kept.
        int namesEnd = signedHeaders.length();
        while (namesEnd > 0 && signedHeaders.charAt(namesEnd - 1) == ';') {
            namesEnd--;
        }
        if (!listsName(signedHeaders, namesEnd, "host") || !listsName(signedHeaders, namesEnd, "x-amz-date")) {
            return incomplete("SignedHeaders must include 'host' and 'x-amz-date', got '" + signedHeaders + "'");
        }
        SignatureWork work = SignatureWork.current();
        StringBuilder text = work.text();
        // The canonical request: method, URI, query, then the canonical headers, in one buffer.
        text.append(request.method()).append('\n').append(CanonicalRequest.uri(request.rawPath())).append('\n')
                .append(CanonicalRequest.query(request.rawQuery())).append('\n');
        int nameStart = 0;
        while (nameStart <= namesEnd) {
            int semicolon = signedHeaders.indexOf(';', nameStart);
            int nameEnd = semicolon < 0 || semicolon > namesEnd ? namesEnd : semicolon;
            String name = signedHeaders.substring(nameStart, nameEnd);
            String value = request.header(name);
            if (value == null) {
                return invalid("Header '" + name + "' is listed in SignedHeaders but absent from the request");
            }
            text.append(name).append(':');
            CanonicalRequest.appendHeaderValue(value, text);
            text.append('\n');
            nameStart = nameEnd + 1;
        }
        String bodyHash = work.sha256Hex(request.body());
        String claimedHash = request.header("x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equalsIgnoreCase(bodyHash)) {
            return invalid(claimedHash.startsWith("UNSIGNED-PAYLOAD") || claimedHash.startsWith("STREAMING-")
                    ? "X-Amz-Content-Sha256 '" + claimedHash + "' is not accepted: this server requires the payload"
                    + " to be signed (its SHA-256 in hex)"
                    : "The provided 'x-amz-content-sha256' header does not match what was computed: the SHA-256 of"
                    + " the body is " + bodyHash);
        }
        text.append('\n').append(signedHeaders).append('\n').append(claimedHash != null ? claimedHash : bodyHash);
        byte[] expected = work.signatureHex(known.signingKey(), amzDate, credential, keyEnd + 1);
        byte[] provided = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            String canonicalRequest = canonicalRequest(request, signedHeaders, claimedHash != null ? claimedHash
                    : bodyHash);
            String stringToSign = SignatureV4.stringToSign(amzDate, credential.substring(keyEnd + 1),
                    canonicalRequest);
            return invalid("The request signature we calculated does not match the signature you provided. Check"
                    + " your AWS Secret Access Key and signing method. Consult the service documentation for details."
                    + "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest + "'\n\n"
                    + "The String-to-Sign should have been\n'" + stringToSign + "'\n");
        }
        return known.authenticated();
    }

    /** The canonical request as text, for the message of a refused signature (the same text {@link #verify} hashed). */
    private static String canonicalRequest(SignedRequest request, String signedHeaders, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder(256);
        for (String name : signedHeaders.split(";")) {
            canonicalHeaders.append(name).append(':').append(CanonicalRequest.headerValue(request.header(name)))
                    .append('\n');
        }
        return CanonicalRequest.of(request.method(), request.rawPath(), request.rawQuery(),
                canonicalHeaders.toString(), signedHeaders, payloadHash);
    }

    /** Whether {@code names[0, end)}, split at ';', has {@code name} among its names. */
    private static boolean listsName(String names, int end, String name) {
        int start = 0;
        while (start <= end) {
            int semicolon = names.indexOf(';', start);
            int nameEnd = semicolon < 0 || semicolon > end ? end : semicolon;
            if (nameEnd - start == name.length() && names.startsWith(name, start)) {
                return true;
            }
            start = nameEnd + 1;
        }
        return false;
    }

    /** Whether {@code text[start, end)} is {@code name}. */
    private static boolean isName(String text, int start, int end, String name) {
        return end - start == name.length() && text.startsWith(name, start);
    }

    /** The first index in {@code [start, end)} that is not whitespace ({@link String#strip}'s), or {@code end}. */
    private static int skipWhitespace(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** {@code end} moved back over whitespace ({@link String#strip}'s), not before {@code start}. */
    private static int trimWhitespace(String text, int start, int end) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private Credential remember(String credential, Credential known) {
        if (credentials.size() >= MAXIMUM_CACHED_KEYS) {
            // Scopes change daily; dropping everything now and then is simpler than an LRU and just as good.
            credentials.clear();
        }
        credentials.put(credential, known);
        return known;
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
