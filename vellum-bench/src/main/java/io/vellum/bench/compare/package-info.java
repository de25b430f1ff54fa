/**
 * The side-by-side comparison ({@link io.vellum.bench.compare.CompareCommand}): the same wallet transfer run against
 * PostgreSQL (plain, and with a hash-chained audit trigger), Vellum embedded, Vellum server (official QLDB driver or
 * vellum-client) and the wallet's HTTP API, each {@link io.vellum.bench.compare.Contender} on a fresh store in its own
 * process, all up for the whole run and measured in short slices taken in turn (the order rotating; rounds
 * interleaved in time, {@code Schedule}); then every contender's store is checked for consistency ({@code Checks},
 * and the audit chain recomputed in Java) and a Markdown report gives medians over rounds.
 *
 * <p>May use: the engine's public API, vellum-client (including its {@code internal} signer), the QLDB driver, the
 * PostgreSQL JDBC driver, HdrHistogram and the {@code io.vellum.bench} workload; it starts PostgreSQL and
 * {@code vellum serve} as child processes.
 */
package io.vellum.bench.compare;
