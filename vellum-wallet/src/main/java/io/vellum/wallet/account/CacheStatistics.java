package io.vellum.wallet.account;

/**
 * Counters of the balance cache since the wallet started.
 *
 * @param hits     CheckFunds answered from the cache
 * @param misses   CheckFunds answered by a ledger read (entry absent, or the change feed not yet at the tip in time)
 * @param entries  accounts cached now
 * @param feedNext the next block the change feed will apply (every earlier block is applied)
 * @param healthy  false once the change feed failed: every CheckFunds then reads the ledger
 * @param blocksHandedIn blocks the feed applied from what the wallet's own operation handed in (not read back)
 * @param blocksRead     blocks the feed read from the ledger (other writers', catalog changes, and any own block
 *                       that was not handed in in time)
 */
public record CacheStatistics(long hits, long misses, int entries, long feedNext, boolean healthy,
                              long blocksHandedIn, long blocksRead) {
}
