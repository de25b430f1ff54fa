package io.vellum.engine;

/**
 * Counters of an open ledger.
 *
 * @param commits            transactions committed with a block since open
 * @param conflicts          commits refused by OCC validation since open
 * @param tipSequenceNo      sequence number of the newest block
 * @param journalBytes       bytes of journal segment files
 * @param stateStoreBytes    bytes of state-store table files (excludes unflushed memtables)
 */
public record LedgerStatistics(long commits, long conflicts, long tipSequenceNo, long journalBytes,
                               long stateStoreBytes) {
}
