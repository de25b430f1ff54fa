package io.vellum.engine.journal;

import io.vellum.engine.journal.RecordFormat.RecordHeader;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates records in sequence order from a starting sequenceNo to the end of a {@link JournalState} snapshot,
 * crossing segments. Each returned record is fully verified (length, CRC32C, sequenceNo); crossing from one
 * segment to the next also checks that the earlier one ends exactly where the next begins (no gap, no overlap,
 * no trailing bytes).
 *
 * <p>Positioning reads the segment holding the start from its beginning, record header by record header (the
 * sequenceNo of each is checked; the skipped payloads are not), and happens on the first {@link #next()}.
 *
 * <p>Not thread-safe itself; any number of cursors may run concurrently with each other and with appends, since
 * the snapshot only covers records that are complete on disk.
 */
final class JournalCursor implements Iterator<JournalEntry> {
    private final SegmentReadChannels channels;
    private final JournalState state;
    private long nextSequenceNo;
    private int segmentIndex = -1;
    private long offset;
    private long segmentSize;

    JournalCursor(SegmentReadChannels channels, JournalState state, long fromSequenceNo) {
        this.channels = channels;
        this.state = state;
        this.nextSequenceNo = fromSequenceNo;
    }

    @Override
    public boolean hasNext() {
        return nextSequenceNo < state.nextSequenceNo();
    }

    /**
     * @throws io.vellum.error.LedgerException CORRUPTION naming the sequenceNo that cannot be read intact;
     *                                         UNAVAILABLE if the journal was closed or reading failed
     */
    @Override
    public JournalEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of the journal as of the cursor's creation");
        }
        if (segmentIndex < 0) {
            positionAtStart();
        }
        while (nextSequenceNo >= state.endOfSegment(segmentIndex)) {
            leaveSegment();
        }
        SegmentFile segment = state.segments().get(segmentIndex);
        long sequenceNo = nextSequenceNo;
        long recordOffset = offset;
        if (recordOffset == segmentSize && segmentIndex + 1 < state.segments().size()) {
            throw segment.corruptionAt(recordOffset, sequenceNo, "the segment ends here, but the next segment "
                    + "starts at sequenceNo " + state.endOfSegment(segmentIndex) + ": records are missing");
        }
        byte[] payload = channels.read(segment, channel -> RecordFormat.readPayload(channel, segment, recordOffset,
                sequenceNo, -1, segmentSize - recordOffset));
        offset += RecordFormat.OVERHEAD + payload.length;
        nextSequenceNo++;
        return new JournalEntry(sequenceNo,
                new JournalPosition(segment.firstSequenceNo(), recordOffset, payload.length), payload);
    }

    private void positionAtStart() {
        enterSegment(state.indexOfSegmentContaining(nextSequenceNo));
        SegmentFile segment = state.segments().get(segmentIndex);
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.OVERHEAD);
        for (long skipped = segment.firstSequenceNo(); skipped < nextSequenceNo; skipped++) {
            long sequenceNo = skipped;
            long recordOffset = offset;
            RecordHeader fields = channels.read(segment, channel -> {
                header.clear();
                if (segmentSize - recordOffset < RecordFormat.OVERHEAD
                        || !RecordFormat.readFully(channel, header, recordOffset)) {
                    throw segment.corruptionAt(recordOffset, sequenceNo, "the record is missing: the file ends "
                            + "before its record header");
                }
                return RecordFormat.decodeHeader(header.flip());
            });
            if (fields.sequenceNo() != sequenceNo) {
                throw segment.corruptionAt(recordOffset, sequenceNo, "record header says sequenceNo "
                        + fields.sequenceNo() + " (this record or an earlier one in the segment is damaged)");
            }
            int length = fields.payloadLength();
            if (length < 0 || length > segmentSize - recordOffset - RecordFormat.OVERHEAD) {
                throw segment.corruptionAt(recordOffset, sequenceNo, "payload length " + length
                        + " is negative or runs past the end of the file");
            }
            offset += RecordFormat.OVERHEAD + length;
        }
    }

    /** Moves to the next segment, after checking that the current one ends exactly at its last record. */
    private void leaveSegment() {
        SegmentFile segment = state.segments().get(segmentIndex);
        if (offset != segmentSize) {
            throw segment.corruptionAt(offset, nextSequenceNo, (segmentSize - offset) + " unexpected bytes after "
                    + "the segment's last record (sequenceNo " + (nextSequenceNo - 1) + "); the next segment starts "
                    + "at sequenceNo " + state.endOfSegment(segmentIndex));
        }
        enterSegment(segmentIndex + 1);
    }

    private void enterSegment(int index) {
        segmentIndex = index;
        offset = SegmentHeader.SIZE;
        SegmentFile segment = state.segments().get(index);
        // Read once per segment: records of the snapshot are complete, so they all lie below this size.
        segmentSize = channels.read(segment, channel -> channel.size());
    }
}
