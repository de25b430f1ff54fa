package io.vellum.wallet.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;

/** The HTTP status of each refusal, and the one JSON shape of every error: {@code {"error":{code, message, field}}}. */
final class ErrorResponses {
    private static final String MALFORMED_HTTP = "the HTTP request is malformed (request line, version, URI, headers"
            + " or framing); send HTTP/1.1";

    private ErrorResponses() {
    }

    static int status(WalletError error) {
        switch (error) {
            case MALFORMED_REQUEST:
            case MALFORMED_JSON:
            case MISSING_FIELD:
            case INVALID_FIELD:
            case UNKNOWN_FIELD:
                return 400;
            case AUTHENTICATION_REQUIRED:
                return 401;
            case SIGNATURE_REFUSED:
            case ORIGIN_NOT_ALLOWED:
                return 403;
            case ACCOUNT_NOT_FOUND:
            case REVISION_NOT_FOUND:
            case PROFILE_NOT_FOUND:
            case ROUTE_NOT_FOUND:
                return 404;
            case METHOD_NOT_ALLOWED:
                return 405;
            case ACCOUNT_EXISTS:
            case PROFILE_EXISTS:
            case INSUFFICIENT_FUNDS:
            case TABLE_NOT_FOUND:
                return 409;
            case REQUEST_TOO_LARGE:
                return 413;
            case UNSUPPORTED_MEDIA_TYPE:
                return 415;
            case IDEMPOTENCY_KEY_REUSED:
                return 422;
            case LEDGER_CONFLICT:
            case STORE_UNAVAILABLE:
                return 503;
            case INTERNAL_ERROR:
            default:
                return 500;
        }
    }

    /**
     * The answer to a refusal. Client errors carry their own message, which names the rule and the offending value;
     * server-side failures carry a fixed one, because theirs may hold what no caller should see (a database URL, a
     * file path, a library's words): the handler logs the whole exception instead.
     */
    static ApiResponse of(WalletException e) {
        String message = switch (e.error()) {
            case INTERNAL_ERROR -> "the wallet failed to process the request; its log has the details";
            case STORE_UNAVAILABLE -> "the ledger or the profile database is unavailable right now; retry later (the "
                    + "wallet's log has the details)";
            default -> e.getMessage();
        };
        ApiResponse response = of(status(e.error()), e.error().name(), message, e.field());
        if (e.error() == WalletError.AUTHENTICATION_REQUIRED) {
            response = response.withHeader("WWW-Authenticate", "AWS4-HMAC-SHA256");
        }
        // Both are temporary: tell clients when a retry is worth it.
        return response.status() == 503 ? response.withHeader("Retry-After", "1") : response;
    }

    static ApiResponse of(int status, String code, String message, String field) {
        ObjectNode error = WalletJson.object();
        error.put("code", code);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        ObjectNode body = WalletJson.object();
        body.set("error", error);
        return ApiResponse.json(status, body);
    }

    /**
     * The answer to a request an HTTP front refused before any route saw it (a malformed request line, target,
     * header or framing; a head too large or too slow), the same on both fronts, in the wallet's own words: a
     * front's or a library's may name its classes. An unknown HTTP version (505) or transfer coding (501) is the
     * client's fault, answered as a malformed request (400); any other 5xx is a failure of the front itself.
     */
    static ApiResponse unrouted(int status) {
        if (status == 400) {
            return of(malformedHttp());
        }
        int shown = status == 505 || status == 501 ? 400 : status < 400 ? 500 : status;
        WalletError code = shown == 413 || shown == 414 || shown == 431 ? WalletError.REQUEST_TOO_LARGE
                : shown >= 500 ? WalletError.INTERNAL_ERROR : WalletError.MALFORMED_REQUEST;
        String message = switch (shown) {
            case 400 -> MALFORMED_HTTP;
            case 408 -> "the request was not received in time";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            default -> shown >= 500 ? "the wallet failed to process the request"
                    : "the HTTP request was refused (" + shown + ")";
        };
        return of(shown, code.name(), message, null);
    }

    /** The refusal of a request whose HTTP itself is malformed (400), worded alike by both fronts. */
    static WalletException malformedHttp() {
        return new WalletException(WalletError.MALFORMED_REQUEST, MALFORMED_HTTP);
    }
}
