package io.vellum.engine.internal.transaction;

import io.vellum.engine.catalog.Catalog;
import io.vellum.engine.store.StoreSnapshot;

/**
 * The state a transaction reads for its whole life: the state store as of block {@code sequenceNo} and the catalog
 * after that block. The transaction closes {@code store} when it ends.
 */
public record TransactionSnapshot(StoreSnapshot store, long sequenceNo, Catalog catalog) {
}
