package io.vellum.server.auth;

/**
 * The outcome of checking a request's signature: either the access key id that signed it, or the AWS error type
 * and message to refuse it with (HTTP 403).
 *
 * @param accessKeyId the signer when authenticated, else null
 * @param errorType   the AWS {@code __type} when refused ({@code MissingAuthenticationTokenException},
 *                    {@code IncompleteSignatureException}, {@code UnrecognizedClientException},
 *                    {@code InvalidSignatureException}), else null
 * @param message     why it was refused, else null
 */
public record AuthenticationResult(String accessKeyId, String errorType, String message) {
    /** HTTP status of every refusal, as AWS answers signature failures. */
    public static final int REFUSED_STATUS = 403;

    public static AuthenticationResult authenticated(String accessKeyId) {
        return new AuthenticationResult(accessKeyId, null, null);
    }

    public static AuthenticationResult refused(String errorType, String message) {
        return new AuthenticationResult(null, errorType, message);
    }

    public boolean isAuthenticated() {
        return accessKeyId != null;
    }
}
