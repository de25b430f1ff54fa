package io.vellum.wallet.account;

/**
 * Stable codes of every refusal the wallet reports. The names appear in API responses: never rename one, only add.
 */
public enum WalletError {
    /** The HTTP request itself is malformed (request line, URI, headers), as the HTTP server found. */
    MALFORMED_REQUEST,
    /** The body is not one JSON object (syntax error, duplicate member, trailing data). */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong type, format or range. */
    INVALID_FIELD,
    /** The body has a field the operation does not know (a typo must not be silently ignored with money). */
    UNKNOWN_FIELD,
    /** The body exceeds the configured limit. */
    REQUEST_TOO_LARGE,
    /** No account has this id. */
    ACCOUNT_NOT_FOUND,
    /** The account has no revision with the requested version. */
    REVISION_NOT_FOUND,
    /** No profile is stored for this account. */
    PROFILE_NOT_FOUND,
    /** No operation at this path. */
    ROUTE_NOT_FOUND,
    /** The path exists but not with this HTTP method. */
    METHOD_NOT_ALLOWED,
    /** CreateAccount for an id that exists. */
    ACCOUNT_EXISTS,
    /** Profile creation for an account that has one. */
    PROFILE_EXISTS,
    /** A withdrawal or transfer larger than the balance; nothing was changed. */
    INSUFFICIENT_FUNDS,
    /** The wallet's tables do not exist yet: CreateTable first. */
    TABLE_NOT_FOUND,
    /** A txRequestId used before for a different operation or different parameters. */
    IDEMPOTENCY_KEY_REUSED,
    /** Concurrent transactions kept conflicting until the retry budget ran out; retrying later may succeed. */
    LEDGER_CONFLICT,
    /** The ledger (or the profile database) cannot be reached or is shutting down; retrying later may succeed. */
    STORE_UNAVAILABLE,
    /**
     * The ledger's answer to Verify did not verify (a recomputed hash, the proof, or the revision's contents differ
     * from what they must be); the message names the check with the expected and computed values.
     */
    VERIFICATION_FAILED,
    /** The request is not signed (AWS Signature Version 4 with an access key the wallet holds): HTTP 401. */
    AUTHENTICATION_REQUIRED,
    /** The request's signature was checked and refused (unknown key, wrong signature, expired date): HTTP 403. */
    SIGNATURE_REFUSED,
    /** The request came from a web page of another origin (its {@code Origin} header): HTTP 403. */
    ORIGIN_NOT_ALLOWED,
    /** A state-changing request whose body is not declared {@code Content-Type: application/json}: HTTP 415. */
    UNSUPPORTED_MEDIA_TYPE,
    /** A fault of the wallet or of data it does not understand; the message says which. */
    INTERNAL_ERROR
}
