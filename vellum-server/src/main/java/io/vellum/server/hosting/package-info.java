/**
 * The hosting of ledgers in a data directory: {@link io.vellum.server.hosting.LedgerRegistry} opens, creates,
 * deletes and closes the ledgers of {@code <data>/ledgers/} (behind the {@link io.vellum.server.hosting.LedgerHosting}
 * seam that cluster mode also implements), with their QLDB metadata ({@link io.vellum.server.hosting.LedgerInfo},
 * {@code ledger.json} through {@link io.vellum.server.hosting.LedgerMetadataFile}, written as a
 * {@link io.vellum.server.hosting.DurableFile}), QLDB's ledger name rules ({@link io.vellum.server.hosting.LedgerNames}),
 * ledgers copied in while the server was stopped ({@link io.vellum.server.hosting.ImportedLedgers}), their health
 * ({@link io.vellum.server.hosting.LedgerHealth}, and {@link io.vellum.server.hosting.ClusterView} of a cluster node),
 * and one process per data directory ({@link io.vellum.server.hosting.DataDirectoryLock}).
 *
 * <p>Contracts: a metadata file is replaced atomically and durably (never half written); a ledger that could not be
 * opened stays hosted with the reason ({@code LedgerHealth}), so {@code /health} reports it; deletion listeners hear of
 * a deletion before the ledger closes (so background readers stop first).
 *
 * <p>May use: the engine's public API ({@code io.vellum.engine}, {@code files}; never its internals), vellum-errors,
 * Jackson, SLF4J, and of the server only {@code http} (input limits); never Jetty, the root package or the API
 * packages (the server's {@code ArchitectureTest}).
 */
package io.vellum.server.hosting;
