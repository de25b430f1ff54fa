/**
 * The product's error types, shared by every module: {@link io.vellum.error.LedgerException}, the one exception
 * hierarchy of Vellum, with its stable {@link io.vellum.error.ErrorCode} (retryable or not), and
 * {@link io.vellum.error.RetryPolicy}, the one policy for retrying work that failed with a retryable code.
 *
 * <p>May use: the JDK only ({@code java.lang}, {@code java.util}, {@code java.time}). It is the bottom of the stack:
 * vellum-proof and everything above depend on it; it depends on no other module.
 */
package io.vellum.error;
