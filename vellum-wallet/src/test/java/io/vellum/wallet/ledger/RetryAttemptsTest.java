package io.vellum.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet's transactions run as many times as its retry policy says. Regression: the wallet used to wrap its own
 * conflict retry around {@link Ledger#execute}, which retries already, so a conflict ran the work up to (wallet
 * rounds) x (engine attempts) times.
 */
class RetryAttemptsTest {
    @TempDir
    Path directory;

    @Test
    void aConflictEveryTimeRunsTheWorkExactlyMaxAttemptsTimes() {
        try (Ledger ledger = Ledger.open(directory)) {
            RetryPolicy threeAttempts = RetryPolicy.of(3, Duration.ZERO, Duration.ZERO)
                    .retryingOnly(ErrorCode.OCC_CONFLICT);
            AtomicInteger runs = new AtomicInteger();
            try (EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger, threeAttempts)) {
                assertThatThrownBy(() -> connection.execute(transaction -> {
                    runs.incrementAndGet();
                    throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict on account a");
                })).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OCC_CONFLICT));
            }
            // Not 3 x the engine's own attempts (21 by default): the engine runs the wallet's policy, nothing else.
            assertThat(runs).hasValue(3);
        }
    }

    @Test
    void aNonRetryableFailureRunsTheWorkOnce() {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger)) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> connection.execute(transaction -> {
                runs.incrementAndGet();
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "too many documents");
            })).hasMessage("too many documents");
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void theDefaultPolicyIsTheOnlyRetrying() {
        try (Ledger ledger = Ledger.open(directory);
             EmbeddedLedgerConnection connection = EmbeddedLedgerConnection.sharing(ledger,
                     EmbeddedLedgerConnection.DEFAULT_RETRY_POLICY.withMaxAttempts(7))) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> connection.execute(transaction -> {
                runs.incrementAndGet();
                throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
            })).isInstanceOf(LedgerException.class);
            assertThat(runs).hasValue(7);
            assertThat(EmbeddedLedgerConnection.DEFAULT_RETRY_POLICY.maxAttempts()).isEqualTo(200);
        }
    }
}
