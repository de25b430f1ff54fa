package io.vellum.wallet.ledger;

import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Retries work that failed with {@link ErrorCode#OCC_CONFLICT} until a deadline. The engine and the client retry a
 * bounded number of times themselves; under heavy contention on one document (fifty withdrawals from one account)
 * that count runs out while every attempt is still making progress, so the connection keeps going until a time
 * budget is spent instead. Thread-safe.
 */
final class ConflictRetry {
    private final Duration budget;

    ConflictRetry(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("conflict retry budget must not be negative, got " + budget);
        }
        this.budget = budget;
    }

    <T> T run(Supplier<T> attempt) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int round = 0; ; round++) {
            try {
                return attempt.get();
            } catch (LedgerException e) {
                if (e.code() != ErrorCode.OCC_CONFLICT || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                pause(round);
            }
        }
    }

    /** Jittered, growing pause, so that the conflicting callers stop meeting each other. */
    private static void pause(int round) {
        long ceilingMicros = Math.min(1_000L << Math.min(round, 8), 100_000L);
        long micros = ceilingMicros / 2 + ThreadLocalRandom.current().nextLong(ceilingMicros / 2 + 1);
        try {
            Thread.sleep(micros / 1_000, (int) (micros % 1_000) * 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while retrying a conflicting transaction", e);
        }
    }
}
