package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Ledger#execute} runs its work as many times as the retry policy says, aborting every failed attempt. */
class LedgerRetryPolicyTest {
    @TempDir
    Path directory;

    @Test
    void theOptionsPolicyMakesConflictRetriesPlusOneAttempts() {
        LedgerOptions options = LedgerOptions.defaults().withConflictRetries(3);
        try (Ledger ledger = Ledger.open(directory, options)) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> ledger.execute(transaction -> {
                runs.incrementAndGet();
                throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
            })).hasMessage("conflict");
            assertThat(runs).hasValue(4);
            assertThat(options.retryPolicy().maxAttempts()).isEqualTo(4);
            assertThat(options.retryPolicy().retryOn()).containsExactly(ErrorCode.OCC_CONFLICT);
        }
    }

    @Test
    void aGivenPolicyReplacesTheOptionsPolicy() {
        try (Ledger ledger = Ledger.open(directory)) {
            AtomicInteger runs = new AtomicInteger();
            String result = ledger.execute(transaction -> {
                if (runs.incrementAndGet() < 6) {
                    throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
                }
                return "done";
            }, RetryPolicy.of(6, Duration.ZERO, Duration.ZERO));
            assertThat(result).isEqualTo("done");
            assertThat(runs).hasValue(6);
        }
    }

    @Test
    void unavailableIsNotRetriedByDefaultAndNonRetryableCodesNever() {
        try (Ledger ledger = Ledger.open(directory)) {
            for (ErrorCode code : new ErrorCode[] {ErrorCode.UNAVAILABLE, ErrorCode.INVALID_REQUEST,
                    ErrorCode.CORRUPTION}) {
                AtomicInteger runs = new AtomicInteger();
                assertThatThrownBy(() -> ledger.execute(transaction -> {
                    runs.incrementAndGet();
                    throw new LedgerException(code, "refused");
                })).hasMessage("refused");
                assertThat(runs).as(code.name()).hasValue(1);
            }
        }
    }

    @Test
    void aFailedAttemptLeavesNothingBehind() {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE T");
            AtomicInteger runs = new AtomicInteger();
            ledger.execute(transaction -> {
                transaction.execute("INSERT INTO T VALUE {'run': " + runs.incrementAndGet() + "}");
                if (runs.get() < 3) {
                    throw new LedgerException(ErrorCode.OCC_CONFLICT, "conflict");
                }
                return null;
            }, RetryPolicy.of(3, Duration.ZERO, Duration.ZERO));
            assertThat(ledger.executeStatement("SELECT VALUE run FROM T")).hasSize(1)
                    .allSatisfy(value -> assertThat(value.toString()).isEqualTo("3"));
        }
    }
}
