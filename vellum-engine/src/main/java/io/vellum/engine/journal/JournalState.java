package io.vellum.engine.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What readers may see of the journal: an immutable snapshot, replaced as a whole after each acknowledged append.
 * Every record below {@code nextSequenceNo} is complete and forced to disk.
 *
 * @param segments       every segment in sequence order; the last may be empty
 * @param nextSequenceNo sequenceNo the next appended record will get
 */
record JournalState(List<SegmentFile> segments, long nextSequenceNo) {
    JournalState {
        segments = List.copyOf(segments);
    }

    /** This state after a batch ending before {@code newNextSequenceNo}, which may have started a segment. */
    JournalState afterAppend(Optional<SegmentFile> createdSegment, long newNextSequenceNo) {
        if (createdSegment.isEmpty()) {
            return new JournalState(segments, newNextSequenceNo);
        }
        List<SegmentFile> grown = new ArrayList<>(segments.size() + 1);
        grown.addAll(segments);
        grown.add(createdSegment.get());
        return new JournalState(grown, newNextSequenceNo);
    }

    /** Index of the segment whose records include {@code sequenceNo}: the last one starting at or before it. */
    int indexOfSegmentContaining(long sequenceNo) {
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (segments.get(middle).firstSequenceNo() <= sequenceNo) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /** First sequenceNo after the segment at {@code index}, or {@link Long#MAX_VALUE} for the last one. */
    long endOfSegment(int index) {
        return index + 1 < segments.size() ? segments.get(index + 1).firstSequenceNo() : Long.MAX_VALUE;
    }
}
