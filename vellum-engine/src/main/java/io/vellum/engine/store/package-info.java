/**
 * The state store: the RocksDB database ({@code state/}) derived from the journal and rebuildable from it, holding
 * current documents, revisions, index entries, block locations, Merkle nodes and the sequence number of the last
 * applied block. {@link io.vellum.engine.store.StateStore} reads and writes it ({@link io.vellum.engine.store.StoreBatch}
 * applies atomically), {@link io.vellum.engine.store.StoreSnapshot} is a consistent read view, and
 * {@code StoreKeys} is the one place that defines the byte layout of every key (fixed-width 22-character ids,
 * big-endian numbers, so RocksDB's byte order is the logical order).
 *
 * <p>The only package that may use RocksDB (the engine's {@code ArchitectureTest}). May use vellum-proof and
 * {@code files}; knows nothing of transactions or queries.
 */
package io.vellum.engine.store;
