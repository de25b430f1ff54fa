/**
 * The QLDB Session API ({@code POST /}, {@code X-Amz-Target: QLDBSession.SendCommand}, AWS JSON 1.0) served by
 * {@link io.vellum.server.session.SessionEndpoint}, so that the official QLDB drivers run unmodified against Vellum.
 * A request is parsed and validated whole ({@code CommandParser}; the drivers' compact bodies by hand,
 * {@code CompactCommand}) before anything is touched; a session holds a
 * ledger, at most one open transaction and its result cursors ({@code Session}, {@code ResultCursor}, paged); the
 * {@code SessionTable} enforces the per-ledger quota and sweeps idle sessions and abandoned transactions. Failures
 * are {@code SessionException}s (part of the one {@link io.vellum.error.LedgerException} hierarchy) carrying the QLDB
 * error type and HTTP status the client must see.
 *
 * <p>May use: the engine's public API, ion-java, Jackson's streaming parser, SLF4J and the server's shared plumbing
 * ({@code Endpoint}, {@code InputLimits}, {@code AwsErrors}); no Jetty, no engine internals.
 */
package io.vellum.server.session;
