package io.vellum.engine.journal;

import io.vellum.engine.journal.RecordFormat.RecordHeader;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Validates the last segment record by record when the journal opens, and finds what, at its end, is not records.
 *
 * <p>Only a crash during an append can legitimately leave bytes that are not records, and only at the end of the
 * last segment: acknowledgement follows the force, so such bytes were never acknowledged. A crash leaves the file
 * ending <em>inside</em> a record (its header incomplete, or fewer payload bytes than its length says), or, on file
 * systems that persist a grown size before the data, a run of zero bytes. That is a torn tail ({@link
 * TailCut.Kind#TORN}), cut off by a writable open after being quarantined.
 *
 * <p>A <em>complete</em> record (all the bytes its length says are there) that fails its CRC32C or carries the wrong
 * sequenceNo is damage to data that may have been acknowledged, wherever it is: never cut silently. At the very
 * end it is a {@link TailCut.Kind#DAMAGED} tail, which only an explicit repair cuts; opening otherwise fails with
 * CORRUPTION naming the block. In the middle (the next valid record, with the next sequenceNo, follows it), it is
 * recorded and skipped when the access mode allows ({@link JournalAccess#recordDamage()}), else CORRUPTION.
 *
 * <p>Known limit: a crash in the middle of an unforced multi-page write on a file system that persists its pages
 * out of order can leave a complete-length record with stale bytes (or a later record of that batch intact behind a
 * hole); that is reported as CORRUPTION too (failing safe), and needs an operator's decision ({@code vellum repair}).
 *
 * <p>Cost: one sequential pass over the last segment; the search for records after a damaged one is linear in the
 * remaining bytes. Earlier segments are not read here, so opening does not slow down as the journal grows.
 *
 * <p>Reads only: the caller applies the cut.
 */
final class TailRecovery {
    /**
     * The outcome of the scan.
     *
     * @param endOffset      where the valid records end (where appending resumes once the tail is cut)
     * @param nextSequenceNo the sequenceNo after the last valid record
     * @param damaged        complete records skipped in the middle (only with {@link JournalAccess#recordDamage()})
     * @param tail           what follows the valid records, if anything (not yet cut)
     */
    record RecoveredTail(long endOffset, long nextSequenceNo, List<DamagedRecord> damaged, Optional<TailCut> tail) {
    }

    private enum Outcome {
        VALID(""),
        CUT_OFF("the file ends inside the record (its header or payload is incomplete)"),
        CHECKSUM_MISMATCH("the record is complete but fails its CRC32C check"),
        LENGTH_DAMAGED("the record's length field is damaged: it points past the end of the file, but the bytes up "
                + "to the end of the file pass the record's CRC32C check, so the record itself is complete");

        final String description;

        Outcome(String description) {
            this.description = description;
        }
    }

    private record Inspection(Outcome outcome, RecordHeader fields) {
    }

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
     * Checks the header and every record of the last segment and returns where the valid records end and what
     * follows them. Changes nothing.
     *
     * @param channel      the segment, open for reading
     * @param durableFloor highest sequenceNo another durable component depends on, or -1
     * @param access       which damage is recorded or treated as a cuttable tail rather than refused
     * @throws LedgerException CORRUPTION naming segment file, byte offset and sequenceNo for a bad header, a gap or
     *                         reordering, a damaged complete record the access mode does not allow for, or a tail
     *                         that would lose (or already lacks) a record at or below {@code durableFloor}
     */
    static RecoveredTail recover(FileChannel channel, SegmentFile segment, long durableFloor, JournalAccess access,
                                 Path quarantineDirectory) throws IOException {
        return new TailRecovery(channel, segment, channel.size()).recover(durableFloor, access, quarantineDirectory);
    }

    private RecoveredTail recover(long durableFloor, JournalAccess access, Path quarantineDirectory)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate((int) Math.min(SegmentHeader.SIZE, fileSize));
        RecordFormat.readFully(channel, header, 0);
        SegmentHeader.verify(header.flip(), segment);

        long offset = SegmentHeader.SIZE;
        long expected = segment.firstSequenceNo();
        List<DamagedRecord> damaged = new ArrayList<>();
        Outcome damage = Outcome.VALID;
        String problem = "";
        while (offset < fileSize) {
            Inspection inspection = inspect(offset);
            Outcome outcome = inspection.outcome();
            if (outcome == Outcome.VALID && inspection.fields().sequenceNo() == expected) {
                offset += RecordFormat.OVERHEAD + inspection.fields().payloadLength();
                expected++;
                continue;
            }
            String described = outcome == Outcome.VALID
                    ? "the record is complete and its CRC32C holds, but it carries sequenceNo "
                            + inspection.fields().sequenceNo() + " (a gap or reordering)"
                    : outcome.description;
            // Is the damage followed by valid data? Then it is no torn tail, whatever it looks like.
            Optional<Located> next = firstValidRecordAfter(offset, expected);
            if (next.isPresent()) {
                Located found = next.get();
                if (access.recordDamage() && found.sequenceNo() == expected + 1) {
                    damaged.add(new DamagedRecord(expected, segment.fileName(), offset, described
                            + "; the next record (sequenceNo " + found.sequenceNo() + ") at byte offset "
                            + found.offset() + " is intact"));
                    offset = found.offset();
                    expected++;
                    continue;
                }
                throw segment.corruptionAt(offset, expected, described + ", but a valid record (sequenceNo "
                        + found.sequenceNo() + ") follows at byte offset " + found.offset()
                        + ": the journal is damaged, this is not a torn write; nothing was cut");
            }
            damage = outcome == Outcome.CUT_OFF || isZeroFilled(offset) ? Outcome.CUT_OFF : Outcome.CHECKSUM_MISMATCH;
            problem = outcome == Outcome.CUT_OFF ? described
                    : damage == Outcome.CUT_OFF ? "the rest of the file is zero bytes, never written (the file size "
                            + "grew before the data reached the disk)" : described;
            break;
        }

        Optional<TailCut> tail = Optional.empty();
        if (offset < fileSize) {
            TailCut.Kind kind = damage == Outcome.CUT_OFF ? TailCut.Kind.TORN : TailCut.Kind.DAMAGED;
            if (kind == TailCut.Kind.DAMAGED && !access.cutDamagedTail()) {
                throw segment.corruptionAt(offset, expected, problem + " (" + (fileSize - offset) + " bytes from "
                        + "here to the end of the file): a complete record is no torn write, so block " + expected
                        + " may have been acknowledged; the ledger refuses to open rather than drop it, and nothing "
                        + "was cut (an operator can inspect and remove it with vellum repair)");
            }
            if (expected <= durableFloor) {
                throw segment.corruptionAt(offset, expected, problem + "; cutting it would lose "
                        + "sequenceNo " + expected + " to " + durableFloor + ", which another durable component "
                        + "already depends on (durable floor " + durableFloor + "); nothing was cut");
            }
            tail = Optional.of(new TailCut(kind, segment.fileName(), offset, fileSize - offset, expected, problem,
                    quarantineDirectory.resolve(segment.fileName() + "." + offset + TailCut.QUARANTINE_SUFFIX),
                    false));
        }
        if (expected <= durableFloor) {
            throw segment.corruptionAt(offset, expected, "the journal ends before sequenceNo " + expected
                    + ", but another durable component already depends on sequenceNos up to " + durableFloor
                    + " (records are missing)");
        }
        return new RecoveredTail(offset, expected, List.copyOf(damaged), tail);
    }

    private record Located(long offset, long sequenceNo) {
    }

    /** The first valid record after the bad one at {@code offset}, if any. */
    private Optional<Located> firstValidRecordAfter(long offset, long expected) throws IOException {
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
                        return Optional.of(new Located(candidateOffset, inspection.fields().sequenceNo()));
                    }
                }
            }
            start += candidates;
        }
        return Optional.empty();
    }

    /** Whether every byte from {@code offset} to the end of the file is zero: space that was never written. */
    private boolean isZeroFilled(long offset) throws IOException {
        long position = offset;
        while (position < fileSize) {
            ByteBuffer bytes = bytesAt(position, (int) Math.min(fileSize - position, readAhead.capacity()));
            while (bytes.hasRemaining()) {
                if (bytes.get() != 0) {
                    return false;
                }
            }
            position += bytes.capacity();
        }
        return true;
    }

    /** Classifies the record at {@code offset}, streaming its payload through the checksum. */
    private Inspection inspect(long offset) throws IOException {
        if (fileSize - offset < RecordFormat.OVERHEAD) {
            return new Inspection(Outcome.CUT_OFF, null);
        }
        RecordHeader fields = RecordFormat.decodeHeader(bytesAt(offset, RecordFormat.OVERHEAD));
        int length = fields.payloadLength();
        if (length < 0 || length > fileSize - offset - RecordFormat.OVERHEAD) {
            // A torn record's bytes are a prefix of it and fail its checksum (but for a 2^-32 chance); bytes that
            // pass it are the whole record behind a damaged length field.
            return new Inspection(checksum(offset, fileSize - offset - RecordFormat.OVERHEAD) == fields.storedChecksum()
                    ? Outcome.LENGTH_DAMAGED : Outcome.CUT_OFF, fields);
        }
        Outcome outcome = checksum(offset, length) == fields.storedChecksum()
                ? Outcome.VALID : Outcome.CHECKSUM_MISMATCH;
        return new Inspection(outcome, fields);
    }

    /** CRC32C over the {@code 8 + length} bytes from {@code offset + 8}: sequenceNo and payload of a record. */
    private int checksum(long offset, long length) throws IOException {
        CRC32C checksum = new CRC32C();
        long position = offset + 8; // the checksum covers sequenceNo and payload
        long remaining = 8L + length;
        while (remaining > 0) {
            ByteBuffer bytes = bytesAt(position, (int) Math.min(remaining, readAhead.capacity()));
            checksum.update(bytes);
            position += bytes.capacity();
            remaining -= bytes.capacity();
        }
        return (int) checksum.getValue();
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
                throw new IOException("journal segment " + segment.fileName() + " shrank while being recovered");
            }
            readAhead.flip();
            readAheadStart = position;
        }
        int from = (int) (position - readAheadStart);
        return readAhead.slice(from, length);
    }
}
