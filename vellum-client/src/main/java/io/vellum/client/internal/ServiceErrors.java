package io.vellum.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.client.LedgerServiceException;
import io.vellum.error.ErrorCode;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an error answer of the Session API or the control plane (both AWS JSON error shapes, COMPATIBILITY.md §8.3 and §9) into a
 * {@link LedgerServiceException}, the way the AWS SDK parses it: the error type from header {@code x-amzn-ErrorType}
 * (text before the first {@code :}) or else body field {@code __type} (text after the last {@code #}); the message from
 * header {@code x-amzn-error-message} or else body field {@code message}/{@code Message}. Thread-safe.
 */
public final class ServiceErrors {
    /** The official Java driver's test for a transaction timeout (it must not be retried). */
    private static final Pattern TRANSACTION_EXPIRED = Pattern.compile("Transaction.*has expired.*", Pattern.DOTALL);
    private static final Set<String> AUTHENTICATION_TYPES = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignatureException",
            "IncompleteSignature", "MissingAuthenticationTokenException", "MissingAuthenticationToken",
            "AccessDeniedException", "InvalidClientTokenId", "ExpiredTokenException", "AuthFailure");
    private static final int EXCERPT_LENGTH = 200;

    private ServiceErrors() {
    }

    /** The exception for a non-2xx {@code answer}. */
    public static LedgerServiceException fromAnswer(HttpAnswer answer) {
        JsonNode body = parseBody(answer.body());
        String type = errorType(answer, body);
        String message = message(answer, body);
        if (type == null) {
            type = "UnknownError";
            if (message == null) {
                // Not an AWS-shaped error (a proxy page, a bare 404): show what came back.
                String text = answer.bodyText().strip();
                message = "HTTP " + answer.status() + (text.isEmpty() ? " with an empty body"
                        : ": " + (text.length() > EXCERPT_LENGTH ? text.substring(0, EXCERPT_LENGTH) + "…" : text));
            }
        }
        if (message == null) {
            message = "";
        }
        String codeMember = body != null && body.path("Code").isTextual() ? body.path("Code").asText() : null;
        boolean authentication = answer.status() == 403 || AUTHENTICATION_TYPES.contains(type);
        if (authentication) {
            message = "the server refused the credentials or the request signature; check the access key id, the "
                    + "secret access key, the region and the clock: " + message;
        }
        return new LedgerServiceException(errorCode(type, answer.status(), message, codeMember, authentication), type,
                message, answer.status(), answer.header("x-amzn-RequestId"));
    }

    /** Whether the server reported that the transaction outlived its timeout ({@code Transaction <id> has expired}). */
    public static boolean isTransactionExpired(LedgerServiceException exception) {
        return exception.errorType().equals("InvalidSessionException")
                && TRANSACTION_EXPIRED.matcher(exception.serviceMessage()).matches();
    }

    /** Whether the session is gone (invalid, idle too long, lifetime over) and the transaction was not the cause. */
    public static boolean isInvalidSession(LedgerServiceException exception) {
        return exception.errorType().equals("InvalidSessionException") && !isTransactionExpired(exception);
    }

    public static boolean isOccConflict(LedgerServiceException exception) {
        return exception.errorType().equals("OccConflictException");
    }

    /** The statuses after which the official driver retries other service errors (COMPATIBILITY.md §8.4). */
    public static boolean isRetryableStatus(int status) {
        return status == 500 || status == 503;
    }

    static ErrorCode errorCode(String type, int status, String message, String codeMember, boolean authentication) {
        if (authentication) {
            return ErrorCode.INVALID_REQUEST;
        }
        switch (type) {
            case "OccConflictException":
                return ErrorCode.OCC_CONFLICT;
            case "InvalidSessionException":
                return TRANSACTION_EXPIRED.matcher(message).matches() ? ErrorCode.TRANSACTION_EXPIRED
                        : ErrorCode.UNAVAILABLE;
            default:
                break;
        }
        ErrorCode named = namedCode(codeMember);
        if (named != null) {
            return named;
        }
        switch (type) {
            case "LimitExceededException":
                return ErrorCode.LIMIT_EXCEEDED;
            case "CapacityExceededException":
            case "RateExceededException":
            case "ThrottlingException":
            case "ServiceUnavailableException":
            case "InternalFailure":
                return ErrorCode.UNAVAILABLE;
            case "ResourceNotFoundException":
                return ErrorCode.NOT_FOUND;
            case "ResourceAlreadyExistsException":
                return ErrorCode.ALREADY_EXISTS;
            case "ResourcePreconditionNotMetException":
            case "ResourceInUseException":
            case "InvalidParameterException":
            case "BadRequestException":
                return ErrorCode.INVALID_REQUEST;
            default:
                return status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_REQUEST;
        }
    }

    /** A Vellum server may name the exact {@link ErrorCode} in the {@code Code} member; QLDB's own codes are ignored. */
    private static ErrorCode namedCode(String codeMember) {
        if (codeMember == null) {
            return null;
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(codeMember)) {
                return code;
            }
        }
        return null;
    }

    private static String errorType(HttpAnswer answer, JsonNode body) {
        String header = answer.header("x-amzn-ErrorType");
        if (header != null && !header.isBlank()) {
            int colon = header.indexOf(':');
            return (colon < 0 ? header : header.substring(0, colon)).strip();
        }
        if (body != null && body.path("__type").isTextual()) {
            String type = body.path("__type").asText();
            return type.substring(type.lastIndexOf('#') + 1).strip();
        }
        return null;
    }

    private static String message(HttpAnswer answer, JsonNode body) {
        String header = answer.header("x-amzn-error-message");
        if (header != null) {
            return header;
        }
        if (body != null) {
            for (String field : new String[] {"message", "Message"}) {
                if (body.path(field).isTextual()) {
                    return body.path(field).asText();
                }
            }
        }
        return null;
    }

    private static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = SharedJson.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
