package io.vellum.engine.transaction;

import io.vellum.proof.hash.Hash;

/** One key of one index: the unit of conflict for indexed lookups. */
record IndexKey(String tableId, String indexId, Hash valueHash) {
}
