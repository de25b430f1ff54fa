package io.vellum.engine.journal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * Options of a {@link Journal}.
 *
 * @param segmentSizeLimit bytes (header included) past which the journal starts a new segment file rather than
 *                         grow the current one. A batch of one {@link Journal#append} call is never split, so a
 *                         segment exceeds the limit only when it holds a single batch larger than the limit. At
 *                         least {@value #MIN_SEGMENT_SIZE_LIMIT}; default {@value #DEFAULT_SEGMENT_SIZE_LIMIT}
 *                         (64 MiB). Only affects segments created from now on; existing ones stay as they are.
 */
public record JournalOptions(long segmentSizeLimit) {
    /** 64 MiB: large enough that a segment holds tens of thousands of blocks, small enough to scan quickly on open. */
    public static final long DEFAULT_SEGMENT_SIZE_LIMIT = 64L * 1024 * 1024;
    /** A segment header plus one empty record: smaller limits could hold no record at all. */
    public static final long MIN_SEGMENT_SIZE_LIMIT = SegmentHeader.SIZE + RecordFormat.OVERHEAD;

    /**
     * @throws LedgerException INVALID_REQUEST if {@code segmentSizeLimit} is below {@value #MIN_SEGMENT_SIZE_LIMIT}
     */
    public JournalOptions {
        if (segmentSizeLimit < MIN_SEGMENT_SIZE_LIMIT) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal segmentSizeLimit " + segmentSizeLimit
                    + " is below the minimum of " + MIN_SEGMENT_SIZE_LIMIT + " bytes");
        }
    }

    /** 64 MiB segments. */
    public static JournalOptions defaults() {
        return new JournalOptions(DEFAULT_SEGMENT_SIZE_LIMIT);
    }
}
