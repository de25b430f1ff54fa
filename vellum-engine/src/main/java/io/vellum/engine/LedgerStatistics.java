package io.vellum.engine;

/**
 * Counters of an open ledger.
 *
 * @param commits            transactions committed with a block since open
 * @param conflicts          commits refused by OCC validation since open
 * @param tipSequenceNo      sequence number of the newest block
 * @param journalBytes       bytes of journal segment files
 * @param stateStoreBytes    bytes of state-store table and blob files (excludes unflushed memtables)
 * @param cacheHits          reads of documents and index keys answered by the committed-state cache since open
 * @param cacheMisses        reads that went to the state store since open
 */
public record LedgerStatistics(long commits, long conflicts, long tipSequenceNo, long journalBytes,
                               long stateStoreBytes, long cacheHits, long cacheMisses) {
}
