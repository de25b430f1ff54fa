/**
 * The tables and indexes of a ledger as of one block ({@link io.vellum.engine.catalog.Catalog}): an immutable value,
 * replaced, never mutated, by DDL, so that a transaction's snapshot keeps the catalog it started with.
 *
 * <p>May use: ion-java, vellum-proof and the query layer's {@link io.vellum.engine.query.TableHandle}; not
 * storage ({@code journal}, {@code store}) or the commit path ({@code internal}). The query layer sees the catalog
 * only through {@link io.vellum.engine.query.QueryContext} (the engine's {@code ArchitectureTest}).
 */
package io.vellum.engine.catalog;
