package io.vellum.server.exports;

/**
 * An export's state with QLDB's names (DescribeJournalS3Export {@code Status}, COMPATIBILITY.md §9). QLDB has no FAILED: an
 * export that could not finish (its ledger was deleted, the disk filled up, the journal is damaged) is CANCELLED,
 * with the reason in the server log and in {@link ExportDescription#failureReason()}.
 */
public enum ExportStatus {
    /** Accepted and running, or waiting for a free export thread; runs again from the start after a restart. */
    IN_PROGRESS,
    /** Every data object and the completed manifest are on disk. */
    COMPLETED,
    /** Did not finish and never will; data objects already written may remain, but no completed manifest. */
    CANCELLED
}
