package io.vellum.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * Limits and knobs of one ledger. Defaults are QLDB's quotas (COMPATIBILITY.md §10.3). Exceeding a limit fails the statement
 * or commit with {@link io.vellum.error.ErrorCode#LIMIT_EXCEEDED} and commits nothing of the transaction.
 *
 * @param maxDocumentsPerTransaction distinct documents one transaction may modify (QLDB: 40)
 * @param maxDocumentSize            bytes of a document's Ion binary encoding (QLDB: 128 KB)
 * @param maxStatementLength         characters of one statement (QLDB: 100,000)
 * @param maxParameterSize           bytes of one parameter's Ion binary encoding (QLDB: 128 KB)
 * @param maxTransactionSize         bytes one transaction may write: the sum of the Ion binary encodings of the data of
 *                                   every user-table revision it commits (QLDB: 4 MB, counted here as 4 MiB; QLDB
 *                                   also counts metadata and index entries by rules it does not publish)
 * @param transactionTimeout         after this a transaction is expired and aborted (QLDB: 30 s)
 * @param maxActiveTables            active tables (QLDB: 20)
 * @param maxTotalTables             tables including dropped ones (QLDB: 40)
 * @param maxIndexesPerTable         indexes on one table (QLDB: 5)
 * @param conflictRetries            retries of {@link Ledger#execute(java.util.function.Function)} after an OCC
 *                                   conflict ({@link #retryPolicy()})
 * @param journalSegmentSize         bytes after which the journal starts a new segment file
 * @param stateFlushRevisions        revisions after which the state store flushes its memtables; what was not
 *                                   flushed is replayed from the journal after a crash, so this bounds reopen time
 *                                   (smaller: faster reopen after a crash, more background I/O while committing)
 * @param committedCacheEntries      documents (and as many index keys) whose latest committed state is kept in
 *                                   memory for all transactions, so that reads of hot documents skip the state
 *                                   store; 0 turns the cache off
 * @param clock                      time source for transaction and block timestamps
 * @param ids                        id source for transactions, documents, tables, indexes and the strand
 * @param tableTagging               whether tables may carry tags now (QLDB: only on STANDARD-mode ledgers, which
 *                                   the server knows); {@link TableTagging#ALLOWED} by default
 * @param hotDocumentLockWait        the longest a transaction waits for the lock of a hot document (one that recently
 *                                   caused OCC conflicts) before failing with a retryable OCC conflict; zero turns
 *                                   hot-document locks off (pure OCC, as before they existed). 1 s by default
 * @param commitLinger               the longest the committer of a single-node ledger waits, once a transaction is
 *                                   waiting, for more transactions to commit in the same round (one journal force
 *                                   for all of them). Adaptive: it waits only when the recent arrival rate and the
 *                                   number of transactions recently committing predict at least two more within the
 *                                   wait, never longer than the journal's recent force time, and stops as soon as
 *                                   the transactions it expects are there; a lone commit never waits. Zero turns it
 *                                   off. Off by default, or the JVM's system property {@value #COMMIT_LINGER_PROPERTY}
 *                                   in milliseconds (docs/DECISIONS.md, "The commit round under the driver,
 *                                   session 13": on the machine it was measured on it did not pay)
 */
public record LedgerOptions(int maxDocumentsPerTransaction, int maxDocumentSize, int maxStatementLength,
                            int maxParameterSize, int maxTransactionSize, Duration transactionTimeout,
                            int maxActiveTables,
                            int maxTotalTables, int maxIndexesPerTable, int conflictRetries,
                            long journalSegmentSize, long stateFlushRevisions, int committedCacheEntries, Clock clock,
                            IdGenerator ids, TableTagging tableTagging, Duration hotDocumentLockWait,
                            Duration commitLinger) {

    /** The system property that sets the default {@link #commitLinger()}, in milliseconds (a server's switch). */
    public static final String COMMIT_LINGER_PROPERTY = "vellum.commitLingerMs";
    /** The longest {@link #commitLinger()} accepted. */
    public static final Duration MAX_COMMIT_LINGER = Duration.ofSeconds(1);

    /**
     * The default {@link #commitLinger()}: {@value #COMMIT_LINGER_PROPERTY} when set to a number of milliseconds from
     * 0 to 1000, else zero (off). A value that is not such a number is ignored, as an unset one: off.
     */
    static Duration defaultCommitLinger(String millis) {
        if (millis == null) {
            return Duration.ZERO;
        }
        try {
            double value = Double.parseDouble(millis.trim());
            return value >= 0 && value <= MAX_COMMIT_LINGER.toMillis()
                    ? Duration.ofNanos(Math.round(value * 1_000_000)) : Duration.ZERO;
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    public static LedgerOptions defaults() {
        return new LedgerOptions(40, 128 * 1024, 100_000, 128 * 1024, 4 * 1024 * 1024, Duration.ofSeconds(30), 20, 40,
                5, 20, 64L << 20, 10_000, 50_000, Clock.systemUTC(), IdGenerator.random(), TableTagging.ALLOWED,
                Duration.ofSeconds(1), defaultCommitLinger(System.getProperty(COMMIT_LINGER_PROPERTY)));
    }

    /**
     * The retry policy of {@link Ledger#execute(java.util.function.Function)}: {@code conflictRetries + 1} attempts,
     * OCC conflicts only (an UNAVAILABLE ledger in this process is closed or failed, which waiting does not mend), the
     * QLDB drivers' equal jitter with {@code d = min(1 ms * 2^n, 200 ms)} before retry {@code n}.
     */
    public io.vellum.error.RetryPolicy retryPolicy() {
        return io.vellum.error.RetryPolicy.of(conflictRetries + 1, Duration.ofMillis(1), Duration.ofMillis(200))
                .retryingOnly(io.vellum.error.ErrorCode.OCC_CONFLICT);
    }

    public LedgerOptions withTransactionTimeout(Duration timeout) {
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                timeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries, journalSegmentSize,
                stateFlushRevisions, committedCacheEntries, clock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    public LedgerOptions withConflictRetries(int retries) {
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, retries, journalSegmentSize,
                stateFlushRevisions, committedCacheEntries, clock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    public LedgerOptions withJournalSegmentSize(long bytes) {
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries, bytes,
                stateFlushRevisions, committedCacheEntries, clock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    public LedgerOptions withStateFlushRevisions(long revisions) {
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, revisions, committedCacheEntries, clock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    public LedgerOptions withClock(Clock newClock) {
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, stateFlushRevisions, committedCacheEntries, newClock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    public LedgerOptions withCommittedCacheEntries(int entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("committedCacheEntries must be 0 or more, got " + entries);
        }
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, stateFlushRevisions, entries, clock, ids, tableTagging,
                hotDocumentLockWait, commitLinger);
    }

    /**
     * These options with hot-document locks waiting at most {@code wait} (zero: off). Locks only order transactions
     * that would conflict; what commits and every hash stay those of OCC alone.
     */
    public LedgerOptions withHotDocumentLockWait(Duration wait) {
        java.util.Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("hotDocumentLockWait must not be negative, got " + wait);
        }
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, stateFlushRevisions, committedCacheEntries, clock, ids, tableTagging, wait,
                commitLinger);
    }

    /**
     * These options with the committer lingering at most {@code linger} for more transactions before it commits a
     * round (zero: off); see {@link #commitLinger()}. What commits, every hash and the journal's bytes stay the same.
     */
    public LedgerOptions withCommitLinger(Duration linger) {
        java.util.Objects.requireNonNull(linger, "linger");
        if (linger.isNegative() || linger.compareTo(MAX_COMMIT_LINGER) > 0) {
            throw new IllegalArgumentException("commitLinger must be 0 to " + MAX_COMMIT_LINGER.toMillis() + " ms, got "
                    + linger);
        }
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, stateFlushRevisions, committedCacheEntries, clock, ids, tableTagging,
                hotDocumentLockWait, linger);
    }

    /** These options with {@code tagging} asked before a table gets or changes tags. */
    public LedgerOptions withTableTagging(TableTagging tagging) {
        java.util.Objects.requireNonNull(tagging, "tagging");
        return new LedgerOptions(maxDocumentsPerTransaction, maxDocumentSize, maxStatementLength, maxParameterSize,
                maxTransactionSize,
                transactionTimeout, maxActiveTables, maxTotalTables, maxIndexesPerTable, conflictRetries,
                journalSegmentSize, stateFlushRevisions, committedCacheEntries, clock, ids, tagging,
                hotDocumentLockWait, commitLinger);
    }
}
