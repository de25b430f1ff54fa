package io.vellum.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The one encoder and decoder of journal records.
 *
 * <p>Byte layout of a record (all integers big-endian), starting at the record's offset in its segment:
 * <pre>
 * offset  size  field
 *      0     4  payload length L (int, 0 &lt;= L &lt;= {@value #MAX_PAYLOAD_LENGTH})
 *      4     4  CRC32C (int) over bytes 8 .. 16+L of the record, that is sequenceNo followed by payload
 *      8     8  sequenceNo (long)
 *     16     L  payload: one block as Ion binary, opaque to the journal
 * </pre>
 * The checksum covers the sequenceNo so that a record copied to the wrong place, or a stale record left behind,
 * cannot pass for another. It does not cover the length field: a damaged length makes the checksum run over the
 * wrong bytes and fail, or points past the end of the file.
 */
final class RecordFormat {
    /** Bytes a record adds to its payload. */
    static final int OVERHEAD = 16;

    /** Largest payload: a record with its overhead must still fit one Java array (see the write path). */
    static final int MAX_PAYLOAD_LENGTH = Integer.MAX_VALUE - 64;

    private RecordFormat() {
    }

    /** The three fields before a payload, as stored. */
    record RecordHeader(int payloadLength, int storedChecksum, long sequenceNo) {
    }

    /** Appends the record of {@code payload} as {@code sequenceNo} at {@code target}'s position. */
    static void encode(ByteBuffer target, long sequenceNo, byte[] payload) {
        int start = target.position();
        target.putInt(payload.length).putInt(0).putLong(sequenceNo).put(payload);
        CRC32C checksum = new CRC32C();
        checksum.update(target.duplicate().position(start + 8).limit(target.position()));
        target.putInt(start + 4, (int) checksum.getValue());
    }

    static RecordHeader decodeHeader(ByteBuffer header) {
        int at = header.position();
        return new RecordHeader(header.getInt(at), header.getInt(at + 4), header.getLong(at + 8));
    }

    /** CRC32C over the sequenceNo bytes (8 .. 16 of {@code header}) and {@code payload}. */
    static int checksum(ByteBuffer header, byte[] payload) {
        CRC32C checksum = new CRC32C();
        checksum.update(header.duplicate().position(header.position() + 8).limit(header.position() + OVERHEAD));
        checksum.update(payload);
        return (int) checksum.getValue();
    }

    /**
     * Reads and fully verifies the record that must hold {@code expectedSequenceNo} at {@code offset}: payload
     * length within the file (and equal to {@code expectedLength} when given), checksum, then sequenceNo.
     *
     * @param expectedLength payload length the caller knows the record has, or -1 if unknown
     * @param availableBytes bytes of the file from {@code offset} on; bounds a length read from disk before
     *                       anything is allocated for it ({@link Long#MAX_VALUE} when {@code expectedLength} is known)
     * @return a fresh array holding the payload
     * @throws io.vellum.error.LedgerException CORRUPTION naming {@code expectedSequenceNo}, file and offset
     */
    static byte[] readPayload(FileChannel channel, SegmentFile segment, long offset, long expectedSequenceNo,
                              int expectedLength, long availableBytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(OVERHEAD);
        if (availableBytes < OVERHEAD || !readFully(channel, header, offset)) {
            throw segment.corruptionAt(offset, expectedSequenceNo,
                    "the record is missing: the file ends before its " + OVERHEAD + "-byte record header");
        }
        header.flip();
        RecordHeader fields = decodeHeader(header);
        int length = fields.payloadLength();
        if (length < 0 || length > availableBytes - OVERHEAD) {
            throw segment.corruptionAt(offset, expectedSequenceNo, "payload length " + length
                    + " is negative or runs past the end of the file");
        }
        if (expectedLength >= 0 && length != expectedLength) {
            throw segment.corruptionAt(offset, expectedSequenceNo, "payload length " + length
                    + " differs from the expected " + expectedLength);
        }
        byte[] payload = new byte[length];
        if (!readFully(channel, ByteBuffer.wrap(payload), offset + OVERHEAD)) {
            throw segment.corruptionAt(offset, expectedSequenceNo, "the payload of " + length
                    + " bytes is cut off by the end of the file");
        }
        int computed = checksum(header, payload);
        if (computed != fields.storedChecksum()) {
            throw segment.corruptionAt(offset, expectedSequenceNo, String.format(
                    "CRC32C mismatch: stored %08x, computed %08x", fields.storedChecksum(), computed));
        }
        if (fields.sequenceNo() != expectedSequenceNo) {
            // The checksum holds, so this is a well-formed record in the wrong place: a gap or reordering.
            throw segment.corruptionAt(offset, expectedSequenceNo,
                    "found a valid record with sequenceNo " + fields.sequenceNo() + " instead");
        }
        return payload;
    }

    /**
     * Fills {@code target} from {@code position} on with positional reads.
     *
     * @return false if the file ended first
     */
    static boolean readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }
}
