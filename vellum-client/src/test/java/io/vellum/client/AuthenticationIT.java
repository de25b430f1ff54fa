package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SigV4 against a server that checks signatures: wrong keys and stale signatures are refused at once, clearly. */
class AuthenticationIT {
    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();
    private static String ledger;

    @BeforeAll
    static void createLedger() {
        ledger = SERVER.createLedger("auth");
    }

    @Test
    void theRightKeyPairIsAccepted() {
        try (VellumClient client = SERVER.client(ledger)) {
            assertThat(client.getTableNames()).isEmpty();
        }
    }

    @Test
    void aWrongSecretIsRefusedWithAClearErrorAndNotRetried() {
        try (VellumClient client = SERVER.clientBuilder(ledger)
                .credentials(SERVER.server().accessKeyId(), SERVER.server().secretAccessKey() + "x").build()) {
            AtomicInteger executions = new AtomicInteger();
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.execute(txn -> executions.incrementAndGet()))
                    .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.errorType()).isEqualTo("InvalidSignatureException");
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("secret access key");
                    });
            assertThat(executions).hasValue(0);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> client.ledgerVerifier().getDigest())
                    .isInstanceOfSatisfying(LedgerServiceException.class,
                            e -> assertThat(e.errorType()).isEqualTo("InvalidSignatureException"));
        }
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        try (VellumClient client = SERVER.clientBuilder(ledger).credentials("AKIDUNKNOWN", "whatever").build()) {
            assertThatThrownBy(() -> client.execute(txn -> null))
                    .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.errorType()).isEqualTo("UnrecognizedClientException");
                    });
        }
    }

    @Test
    void aSignatureFromAClockAnHourBehindIsRefused() {
        try (VellumClient client = SERVER.clientBuilder(ledger)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).build()) {
            assertThatThrownBy(() -> client.execute(txn -> null))
                    .isInstanceOfSatisfying(LedgerServiceException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("clock");
                    });
        }
    }
}
