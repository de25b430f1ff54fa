package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.client.DriverWireCapture;
import io.vellum.client.LedgerServiceException;
import io.vellum.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Error answers mapped to {@link LedgerServiceException}: the captured answers of the driver-wire scenarios, and
 * samples of the other shapes the AWS SDK accepts (namespaced {@code __type}, lower-case {@code message}, the
 * control plane's {@code x-amzn-ErrorType} with a suffix, non-JSON bodies).
 */
class ServiceErrorsTest {

    private static HttpAnswer answer(int status, Map<String, String> headers, String body) {
        return new HttpAnswer(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static LedgerServiceException captured(int sequence) {
        return ServiceErrors.fromAnswer(DriverWireCapture.exchange(sequence).answer());
    }

    @Test
    void occConflictOnCommitIsRetryableWithoutAbort() {
        LedgerServiceException occ = captured(15);
        assertThat(occ.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
        assertThat(occ.retryable()).isTrue();
        assertThat(occ.errorType()).isEqualTo("OccConflictException");
        assertThat(occ.httpStatus()).isEqualTo(400);
        assertThat(occ.serviceMessage()).startsWith("Optimistic concurrency control (OCC) failure");
        assertThat(FailureKind.of(occ)).isEqualTo(FailureKind.OCC_CONFLICT);
        assertThat(FailureKind.of(occ).abortFirst()).isFalse();
    }

    @Test
    void badRequestIsFinal() {
        LedgerServiceException bad = captured(20);
        assertThat(bad.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(bad.getMessage()).contains("Semantic Error: at line 1, column 1: fake error", "BadRequestException");
        assertThat(FailureKind.of(bad)).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void invalidSessionIsRetriedOnANewSessionButAnExpiredTransactionIsNot() {
        LedgerServiceException gone = captured(22);
        assertThat(gone.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(FailureKind.of(gone)).isEqualTo(FailureKind.INVALID_SESSION);

        LedgerServiceException expired = captured(48);
        assertThat(expired.code()).isEqualTo(ErrorCode.TRANSACTION_EXPIRED);
        assertThat(expired.retryable()).isFalse();
        assertThat(ServiceErrors.isTransactionExpired(expired)).isTrue();
        assertThat(FailureKind.of(expired)).isEqualTo(FailureKind.TRANSACTION_EXPIRED);
        assertThat(FailureKind.of(expired).abortFirst()).isTrue();
    }

    @Test
    void internalFailureAndCapacityAreTransient() {
        LedgerServiceException internal = captured(38);
        assertThat(internal.errorType()).isEqualTo("InternalFailure");
        assertThat(internal.httpStatus()).isEqualTo(500);
        assertThat(internal.requestId()).isEqualTo("d1b0c1fb-b756-4a3e-a14b-351e90fa1a91");
        assertThat(internal.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(FailureKind.of(internal)).isEqualTo(FailureKind.TRANSIENT);

        LedgerServiceException capacity = captured(56);
        assertThat(capacity.errorType()).isEqualTo("CapacityExceededException");
        assertThat(capacity.httpStatus()).isEqualTo(503);
        assertThat(FailureKind.of(capacity)).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void namespacedTypeAndLowerCaseMessage() {
        LedgerServiceException e = ServiceErrors.fromAnswer(answer(400, Map.of(),
                "{\"__type\":\"com.amazonaws.qldbsession#OccConflictException\",\"message\":\"conflict\"}"));
        assertThat(e.errorType()).isEqualTo("OccConflictException");
        assertThat(e.serviceMessage()).isEqualTo("conflict");
        assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT);
    }

    @Test
    void headerTypeWinsAndLosesItsSuffix() {
        LedgerServiceException e = ServiceErrors.fromAnswer(answer(404,
                Map.of("x-amzn-errortype", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.qldb/"),
                "{\"Message\": \"Ledger missing not found\", \"ResourceType\": \"Ledger\", \"ResourceName\": \"missing\"}"));
        assertThat(e.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.serviceMessage()).isEqualTo("Ledger missing not found");

        LedgerServiceException message = ServiceErrors.fromAnswer(answer(400,
                Map.of("x-amzn-errortype", "BadRequestException", "x-amzn-error-message", "from the header"),
                "{\"Message\":\"from the body\"}"));
        assertThat(message.serviceMessage()).isEqualTo("from the header");
    }

    @Test
    void codeMemberNamingAnErrorCodeRefinesABadRequest() {
        assertThat(ServiceErrors.fromAnswer(answer(400, Map.of(),
                "{\"__type\":\"BadRequestException\",\"Code\":\"PARSE_ERROR\",\"Message\":\"line 1, column 8\"}")).code())
                .isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(ServiceErrors.fromAnswer(answer(400, Map.of(),
                "{\"__type\":\"BadRequestException\",\"Code\":\"SomethingQldbSays\",\"Message\":\"x\"}")).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
        LedgerServiceException quota = ServiceErrors.fromAnswer(answer(400, Map.of(),
                "{\"__type\":\"LimitExceededException\",\"Message\":\"too many sessions\"}"));
        assertThat(quota.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        // Inside a transaction a limit is final; the session quota on StartSession frees up as others finish.
        assertThat(FailureKind.of(quota)).isEqualTo(FailureKind.FATAL);
        assertThat(FailureKind.ofStartSession(quota)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(ServiceErrors.fromAnswer(answer(409, Map.of(),
                "{\"__type\":\"ResourceAlreadyExistsException\",\"Message\":\"exists\"}")).code())
                .isEqualTo(ErrorCode.ALREADY_EXISTS);
    }

    @Test
    void authenticationFailuresSaySoAndAreNotRetried() {
        LedgerServiceException e = ServiceErrors.fromAnswer(answer(403, Map.of(),
                "{\"__type\":\"InvalidSignatureException\",\"Message\":\"The request signature we calculated does not "
                        + "match the signature you provided.\"}"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.getMessage()).contains("secret access key", "signature we calculated", "HTTP 403");
        assertThat(FailureKind.ofStartSession(e)).isEqualTo(FailureKind.FATAL);
    }

    @Test
    void bodiesThatAreNotAwsErrorsAreShownAsTheyCame() {
        LedgerServiceException proxy = ServiceErrors.fromAnswer(answer(502, Map.of(), "<html>Bad Gateway</html>"));
        assertThat(proxy.errorType()).isEqualTo("UnknownError");
        assertThat(proxy.getMessage()).contains("HTTP 502", "Bad Gateway");
        assertThat(proxy.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(FailureKind.of(proxy)).isEqualTo(FailureKind.FATAL);

        LedgerServiceException empty = ServiceErrors.fromAnswer(answer(503, Map.of(), ""));
        assertThat(empty.getMessage()).contains("HTTP 503 with an empty body");
        assertThat(FailureKind.of(empty)).isEqualTo(FailureKind.TRANSIENT);

        LedgerServiceException notFound = ServiceErrors.fromAnswer(answer(404, Map.of(), "x".repeat(500)));
        assertThat(notFound.getMessage()).hasSizeLessThan(300);
        assertThat(notFound.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }
}
