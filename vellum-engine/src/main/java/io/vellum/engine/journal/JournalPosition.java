package io.vellum.engine.journal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * Where a record lives: enough to read it back with one positional read, without scanning.
 *
 * @param segmentFirstSequenceNo first sequenceNo of the segment holding the record, which names its file
 * @param offset                 byte offset of the record (its length field) within the segment file
 * @param length                 payload length in bytes (the record occupies {@code length + 16} bytes)
 */
public record JournalPosition(long segmentFirstSequenceNo, long offset, int length) {
    /**
     * @throws LedgerException INVALID_REQUEST if a component is negative
     */
    public JournalPosition {
        if (segmentFirstSequenceNo < 0 || offset < 0 || length < 0) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal position components must not be "
                    + "negative: segment " + segmentFirstSequenceNo + ", offset " + offset + ", length " + length);
        }
    }
}
