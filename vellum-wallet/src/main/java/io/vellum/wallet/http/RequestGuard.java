package io.vellum.wallet.http;

import io.vellum.server.auth.AccessKeys;
import io.vellum.server.auth.AuthenticationResult;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.auth.SignedRequest;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * What a request must show before any operation runs, checked in this order:
 * <ol>
 *   <li><b>Origin.</b> A request carrying an {@code Origin} header that is neither the wallet's own origin
 *       ({@code http://127.0.0.1:PORT}, {@code http://localhost:PORT}, {@code http://[::1]:PORT}, or the configured
 *       listen address with the port) nor an operator-allowed one is refused: 403 ORIGIN_NOT_ALLOWED. Browsers send
 *       {@code Origin} on every cross-origin request and on every POST; tools such as curl send none. The own
 *       origins are fixed, never taken from the {@code Host} header, so a DNS-rebound page ({@code Origin:
 *       http://evil.example:8090}, {@code Host: evil.example:8090}) is refused too.</li>
 *   <li><b>Signature</b> (unless the wallet runs with no authentication). Every request but {@code GET /openapi.yaml}
 *       must be signed with AWS Signature Version 4 by an access key the wallet
 *       holds; the server's {@link SignatureVerifier} checks it (any region and service name in the credential
 *       scope; {@code X-Amz-Date} within 15 minutes; the body covered). No {@code Authorization}: 401
 *       AUTHENTICATION_REQUIRED; a refused signature: 403 SIGNATURE_REFUSED with the verifier's reason.</li>
 *   <li><b>Media type.</b> POST, PUT and PATCH, and a DELETE with a body, must declare
 *       {@code Content-Type: application/json} (UTF-8 if a charset is named), even when the body is empty: 415
 *       UNSUPPORTED_MEDIA_TYPE otherwise. A web page can send {@code text/plain}, form and multipart POSTs to any
 *       address without asking (no CORS preflight); it cannot send {@code application/json} without a preflight,
 *       which this wallet never approves (it sends no CORS headers at all).</li>
 * </ol>
 * Thread-safe.
 */
final class RequestGuard {
    /**
     * Reachable without a signature: the API's description, which is public anyway. {@code /health} is not: it names
     * the ledger endpoint and the profile database's location.
     */
    private static final Set<String> OPEN_GETS = Set.of("/openapi.yaml");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final SignatureVerifier verifier;
    private final String host;
    private final IntSupplier port;
    private final Set<String> allowedOrigins;

    /**
     * @param keys           the access keys accepted, or null for no authentication
     * @param host           the address the wallet listens on
     * @param port           the port it listens on (known once it listens)
     * @param allowedOrigins further origins, normalised as {@code WalletConfig} keeps them
     */
    RequestGuard(AccessKeys keys, String host, IntSupplier port, List<String> allowedOrigins) {
        this.verifier = keys == null ? null : new SignatureVerifier(keys, Clock.systemUTC());
        this.host = host;
        this.port = port;
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Whether requests are accepted without a signature. */
    boolean insecure() {
        return verifier == null;
    }

    /**
     * Checks one request.
     *
     * @param request        the request as read
     * @param rawPath        the path exactly as sent, still percent-encoded
     * @param rawQuery       the query exactly as sent, or null
     * @param signingHeaders header values by lower-case name, repeated ones joined with "," (as SigV4 reads them)
     * @throws WalletException ORIGIN_NOT_ALLOWED, AUTHENTICATION_REQUIRED, SIGNATURE_REFUSED or
     *                         UNSUPPORTED_MEDIA_TYPE
     */
    void admit(ApiRequest request, String rawPath, String rawQuery, Map<String, String> signingHeaders) {
        checkOrigin(request.header("origin"));
        if (verifier != null && !(request.method().equals("GET") && OPEN_GETS.contains(request.path()))) {
            AuthenticationResult result = verifier.verify(new SignedRequest(request.method(), rawPath, rawQuery,
                    signingHeaders, request.body()));
            if (!result.isAuthenticated()) {
                if (SignatureVerifier.MISSING_AUTHENTICATION.equals(result.errorType())) {
                    throw new WalletException(WalletError.AUTHENTICATION_REQUIRED, "this operation needs a request "
                            + "signed with AWS Signature Version 4 by an access key the wallet holds (curl: "
                            + "--aws-sigv4 aws:amz:us-east-1:wallet --user KEY_ID:SECRET); see /openapi.yaml");
                }
                // The AWS error type without its "Exception" suffix: the refusal is ours, not a Java class's.
                throw new WalletException(WalletError.SIGNATURE_REFUSED, result.errorType()
                        .replaceFirst("Exception$", "") + ": " + result.message());
            }
        }
        checkMediaType(request);
    }

    private void checkOrigin(String origin) {
        if (origin == null) {
            return;
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        if (!ownOrigins().contains(normalized) && !allowedOrigins.contains(normalized)) {
            throw new WalletException(WalletError.ORIGIN_NOT_ALLOWED, "requests from web pages of origin '"
                    + shorten(origin) + "' are refused; an operator can allow an origin with --allowed-origin "
                    + "(vellum wallet) or --wallet-allowed-origin (vellum serve)");
        }
    }

    private Set<String> ownOrigins() {
        int listening = port.getAsInt();
        Set<String> origins = new LinkedHashSet<>();
        for (String name : List.of("127.0.0.1", "localhost", "[::1]", host.contains(":") ? "[" + host + "]" : host)) {
            if (name.equals("0.0.0.0") || name.equals("[::]") || name.equals("[0:0:0:0:0:0:0:0]")) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            origins.add("http://" + lower + ":" + listening);
            if (listening == 80) {
                origins.add("http://" + lower);
            }
        }
        return origins;
    }

    private static void checkMediaType(ApiRequest request) {
        boolean needsJson = BODY_METHODS.contains(request.method())
                || (request.method().equals("DELETE") && request.body().length > 0);
        if (!needsJson) {
            return;
        }
        String contentType = request.header("content-type");
        if (contentType == null) {
            throw unsupported("no Content-Type");
        }
        if (contentType.equalsIgnoreCase(ApiResponse.JSON)) {
            return; // what nearly every client sends: the reading below would accept it too
        }
        String[] parts = contentType.split(";");
        boolean json = parts[0].strip().equalsIgnoreCase(ApiResponse.JSON);
        for (int i = 1; i < parts.length && json; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")) {
                json = false;
            }
        }
        if (!json) {
            throw unsupported("Content-Type '" + shorten(contentType) + "'");
        }
    }

    private static WalletException unsupported(String got) {
        return new WalletException(WalletError.UNSUPPORTED_MEDIA_TYPE, "a request that changes state must send "
                + "Content-Type: application/json (UTF-8), got " + got);
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
