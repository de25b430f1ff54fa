package io.vellum.client;

import java.util.Objects;

/**
 * How often {@link VellumClient#execute} re-runs a transaction function after a retryable failure (an OCC conflict,
 * an invalid session, HTTP 500/503, a network failure), and how long it waits in between.
 *
 * @param maxRetries the number of re-executions after the first one; 0 runs the function once
 * @param backoff    the pause before each retry
 */
public record RetryPolicy(int maxRetries, BackoffStrategy backoff) {
    /** The official QLDB driver's default number of retries: 5 executions in all. */
    public static final int DEFAULT_MAX_RETRIES = 4;

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    /** 4 retries with {@link ExponentialJitterBackoff#DEFAULT}, as the official QLDB Java driver. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_RETRIES, ExponentialJitterBackoff.DEFAULT);
    }

    /** {@code maxRetries} retries with {@link ExponentialJitterBackoff#DEFAULT}. */
    public static RetryPolicy ofMaxRetries(int maxRetries) {
        return new RetryPolicy(maxRetries, ExponentialJitterBackoff.DEFAULT);
    }

    /** Runs the function once; every failure surfaces. */
    public static RetryPolicy none() {
        return ofMaxRetries(0);
    }
}
