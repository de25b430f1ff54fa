package io.vellum.wallet.account;

/**
 * Counters of the balance cache since the wallet started.
 *
 * @param hits     CheckFunds answered from the cache
 * @param misses   CheckFunds answered by a ledger read (entry absent, or the change feed not yet at the tip in time)
 * @param entries  accounts cached now
 * @param feedNext the next block the change feed will apply (every earlier block is applied)
 * @param healthy  false once the change feed failed: every CheckFunds then reads the ledger
 */
public record CacheStatistics(long hits, long misses, int entries, long feedNext, boolean healthy) {
}
