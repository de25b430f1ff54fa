/**
 * A Java client of a Vellum (or Amazon QLDB-compatible) server's QLDB Session API, with no AWS SDK, used like the
 * official QLDB driver: {@code client.execute(txn -> …)} runs a function in a serializable transaction, computes the
 * commit digest, and retries the whole function on OCC conflicts and transient failures. {@link
 * io.vellum.client.LedgerVerifier} checks revisions and blocks against a trusted digest on the client, never taking
 * the server's word for them.
 *
 * <p>Public types are at the top of this package; {@code io.vellum.client.internal} holds the protocol (SigV4, the
 * JSON envelope, sessions, retries) and is not API. Failures are {@link io.vellum.error.LedgerException}s with a stable
 * {@link io.vellum.error.ErrorCode}: {@link io.vellum.client.LedgerServiceException} when the server answered with an
 * error, {@link io.vellum.client.LedgerConnectionException} when it did not answer,
 * {@link io.vellum.proof.hash.VerificationException} when something did not verify.
 */
package io.vellum.client;
