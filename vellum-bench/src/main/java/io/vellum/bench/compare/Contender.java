package io.vellum.bench.compare;

import java.util.List;

/**
 * One system under comparison. The runner calls {@link #setUp} (fresh store, schema, accounts: not measured), then
 * {@link #run} for a warm-up and then for many short lead-ins and measured slices per contention setting, between
 * which the other contenders run theirs, then {@link #check}, then {@link #close}. One instance serves the whole
 * run.
 */
public interface Contender extends AutoCloseable {
    String name();

    /** Creates a fresh store holding the tables, the index and every account, and opens the client connections. */
    void setUp() throws Exception;

    /** Runs transfers from the configured client threads for {@code seconds}; counts retries. */
    LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception;

    /** Bytes the store occupies on disk now; measured before and after an interval. */
    long storeBytes() throws Exception;

    /** The processes doing the contender's server-side work, whose CPU time and memory are reported. */
    List<Long> serverPids();

    /**
     * The processes of {@link #serverPids} that are JVMs, whose compiler threads the warm-up waits for
     * ({@link Warmup}); none for PostgreSQL.
     */
    default List<Long> serverJvmPids() {
        return serverPids();
    }

    /** Whether the client threads run in the runner's JVM, so that its CPU time is the clients' CPU time. */
    boolean clientsInRunner();

    /**
     * Checks the store after the run: every account present, the balances summing to the starting total, and
     * whatever else the contender can prove (transfer count, hash chain).
     *
     * @param committedTransfers transfers the runner saw commit over every interval, warm-ups included
     * @return a one-line account of what was checked
     * @throws IllegalStateException when the store is inconsistent
     */
    String check(long committedTransfers) throws Exception;

    @Override
    void close();
}
