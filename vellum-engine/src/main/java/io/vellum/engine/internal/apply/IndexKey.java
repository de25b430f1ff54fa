package io.vellum.engine.internal.apply;

import io.vellum.proof.hash.Hash;

/** One key of one index: the unit of conflict for indexed lookups. */
public record IndexKey(String tableId, String indexId, Hash valueHash) {
}
