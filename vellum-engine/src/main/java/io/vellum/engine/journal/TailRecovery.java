package io.vellum.engine.journal;

import io.vellum.engine.journal.RecordFormat.RecordHeader;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the last segment record by record when the journal opens, and removes a torn tail.
 *
 * <p>A crash during an append can leave the end of the last segment holding a record cut off by the end of the
 * file, or bytes that fail the checksum. Such a record was never acknowledged (acknowledgement follows the force),
 * so it is truncated. The same symptoms with a valid record somewhere after them are damage to data that may have
 * been acknowledged, and are reported as CORRUPTION, never repaired silently.
 *
 * <p>Known limit of this rule: a crash in the middle of an unforced multi-page write on a file system that persists
 * its pages out of order could leave a later record of that batch intact behind a hole; that is reported as
 * CORRUPTION too (failing safe), and needs an operator's decision.
 *
 * <p>Cost: one sequential pass over the last segment; the search for records after a damaged one is linear in the
 * remaining bytes. Earlier segments are not read here, so opening does not slow down as the journal grows.
 */
final class TailRecovery {
    /** Where appending resumes. */
    record RecoveredTail(long endOffset, long nextSequenceNo) {
    }

    private enum Outcome {
        VALID(""),
        CUT_OFF("the record is cut off by the end of the file (or its length field is damaged)"),
        CHECKSUM_MISMATCH("the record fails its CRC32C check");

        final String description;

        Outcome(String description) {
            this.description = description;
        }
    }

    private record Inspection(Outcome outcome, RecordHeader fields) {
    }

    private static final Logger log = LoggerFactory.getLogger(TailRecovery.class);
    private static final int READ_AHEAD_SIZE = 1024 * 1024;
    private static final int SEARCH_WINDOW_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final SegmentFile segment;
    private final long fileSize;
    private final ByteBuffer readAhead = ByteBuffer.allocate(READ_AHEAD_SIZE).limit(0);
    private long readAheadStart;
    private final ByteBuffer searchWindow = ByteBuffer.allocate(SEARCH_WINDOW_SIZE);

    private TailRecovery(FileChannel channel, SegmentFile segment, long fileSize) {
        this.channel = channel;
        this.segment = segment;
        this.fileSize = fileSize;
    }

    /**
     * Checks the header and every record of the last segment, truncates a torn tail (forcing the file), and
     * returns where appending resumes.
     *
     * @param channel      the segment, open for reading and writing
     * @param durableFloor highest sequenceNo another durable component depends on, or -1
     * @throws LedgerException CORRUPTION naming file, byte offset and sequenceNo for a bad header, a gap or
     *                         reordering, damage followed by valid data, or a tail that would lose (or already
     *                         lacks) a record at or below {@code durableFloor}
     */
    static RecoveredTail recover(FileChannel channel, SegmentFile segment, long durableFloor) throws IOException {
        return new TailRecovery(channel, segment, channel.size()).recover(durableFloor);
    }

    private RecoveredTail recover(long durableFloor) throws IOException {
        ByteBuffer header = ByteBuffer.allocate((int) Math.min(SegmentHeader.SIZE, fileSize));
        RecordFormat.readFully(channel, header, 0);
        SegmentHeader.verify(header.flip(), segment);

        long offset = SegmentHeader.SIZE;
        long expected = segment.firstSequenceNo();
        Outcome damage = Outcome.VALID;
        while (offset < fileSize) {
            Inspection inspection = inspect(offset);
            if (inspection.outcome() != Outcome.VALID) {
                damage = inspection.outcome();
                break;
            }
            long found = inspection.fields().sequenceNo();
            if (found != expected) {
                throw segment.corruptionAt(offset, expected, "found a valid record with sequenceNo " + found
                        + " instead (a gap or reordering)");
            }
            offset += RecordFormat.OVERHEAD + inspection.fields().payloadLength();
            expected++;
        }

        if (offset < fileSize) {
            rejectDamageBeforeValidData(offset, expected, damage);
            if (expected <= durableFloor) {
                throw segment.corruptionAt(offset, expected, damage.description + "; truncating it would lose "
                        + "sequenceNo " + expected + " to " + durableFloor + ", which another durable component "
                        + "already depends on (durable floor " + durableFloor + ")");
            }
            log.warn("Journal segment {}: truncating a torn tail of {} bytes at byte offset {} (sequenceNo {}): {}",
                    segment.path(), fileSize - offset, offset, expected, damage.description);
            channel.truncate(offset);
            channel.force(true); // the new size is metadata
        }
        if (expected <= durableFloor) {
            throw new LedgerException(ErrorCode.CORRUPTION, "journal segment " + segment.path() + ", byte offset "
                    + offset + ": the journal ends before sequenceNo " + expected + ", but another durable "
                    + "component already depends on sequenceNos up to " + durableFloor + " (records are missing)");
        }
        return new RecoveredTail(offset, expected);
    }

    /** Fails if any valid record follows the bad one at {@code offset}: then this is damage, not a torn write. */
    private void rejectDamageBeforeValidData(long offset, long expected, Outcome damage) throws IOException {
        // A valid record needs at least OVERHEAD bytes, which bounds the sequenceNos worth considering; checking the
        // sequenceNo field first keeps the checksum work to a few candidates.
        long highestPossible = expected + (fileSize - offset) / RecordFormat.OVERHEAD;
        long start = offset + 1;
        while (fileSize - start >= RecordFormat.OVERHEAD) {
            searchWindow.clear().limit((int) Math.min(searchWindow.capacity(), fileSize - start));
            RecordFormat.readFully(channel, searchWindow, start);
            int candidates = searchWindow.position() - RecordFormat.OVERHEAD + 1;
            for (int i = 0; i < candidates; i++) {
                long sequenceNo = searchWindow.getLong(i + 8);
                if (sequenceNo >= segment.firstSequenceNo() && sequenceNo <= highestPossible) {
                    long candidateOffset = start + i;
                    Inspection inspection = inspect(candidateOffset);
                    if (inspection.outcome() == Outcome.VALID) {
                        throw segment.corruptionAt(offset, expected, damage.description + ", but a valid record "
                                + "(sequenceNo " + inspection.fields().sequenceNo() + ") follows at byte offset "
                                + candidateOffset + ": the journal is damaged, this is not a torn write");
                    }
                }
            }
            start += candidates;
        }
    }

    /** Classifies the record at {@code offset}, streaming its payload through the checksum. */
    private Inspection inspect(long offset) throws IOException {
        if (fileSize - offset < RecordFormat.OVERHEAD) {
            return new Inspection(Outcome.CUT_OFF, null);
        }
        RecordHeader fields = RecordFormat.decodeHeader(bytesAt(offset, RecordFormat.OVERHEAD));
        int length = fields.payloadLength();
        if (length < 0 || length > fileSize - offset - RecordFormat.OVERHEAD) {
            return new Inspection(Outcome.CUT_OFF, fields);
        }
        CRC32C checksum = new CRC32C();
        long position = offset + 8; // the checksum covers sequenceNo and payload
        long remaining = 8L + length;
        while (remaining > 0) {
            ByteBuffer bytes = bytesAt(position, (int) Math.min(remaining, readAhead.capacity()));
            checksum.update(bytes);
            position += bytes.capacity();
            remaining -= bytes.capacity();
        }
        Outcome outcome = (int) checksum.getValue() == fields.storedChecksum()
                ? Outcome.VALID : Outcome.CHECKSUM_MISMATCH;
        return new Inspection(outcome, fields);
    }

    /**
     * The file's bytes {@code [position, position + length)}, which must lie within the file, as a buffer of exactly
     * that capacity. Served from a read-ahead buffer, so the sequential scan costs one read call per
     * {@value #READ_AHEAD_SIZE} bytes rather than two per record.
     */
    private ByteBuffer bytesAt(long position, int length) throws IOException {
        if (position < readAheadStart || position + length > readAheadStart + readAhead.limit()) {
            readAhead.clear().limit((int) Math.min(readAhead.capacity(), fileSize - position));
            if (!RecordFormat.readFully(channel, readAhead, position)) {
                throw new IOException("journal segment " + segment.path() + " shrank while being recovered");
            }
            readAhead.flip();
            readAheadStart = position;
        }
        int from = (int) (position - readAheadStart);
        return readAhead.slice(from, length);
    }
}
