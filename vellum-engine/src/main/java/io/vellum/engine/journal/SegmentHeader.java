package io.vellum.engine.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The fixed header at the start of every segment file, and the journal's format version.
 *
 * <p>Byte layout (all integers big-endian):
 * <pre>
 * offset  size  field
 *      0     8  magic 0x89 'V' 'J' 'N' 'L' '\r' '\n' 0x1A
 *      8     4  format version (int), {@value #FORMAT_VERSION} for this build
 *     12     8  sequenceNo of the segment's first record (long); always equals the number in the file name
 *     20        first record (see {@link RecordFormat})
 * </pre>
 * The magic follows PNG's recipe: the high-bit first byte catches 7-bit transfers, {@code \r\n} catches
 * line-ending conversion, and 0x1A stops {@code type} on Windows. Every header byte is checked on use: the magic and
 * version literally, the first sequenceNo against the file name, so any damage to a header is reported.
 */
final class SegmentHeader {
    /** Format version history, one line per version; extend it (never rewrite it) when the format changes. */
    static final String FORMAT_VERSION_HISTORY =
            "1: initial format; 20-byte header (magic, version, first sequenceNo), records of "
                    + "payload length, CRC32C(sequenceNo + payload), sequenceNo, payload; big-endian";

    /**
     * The version this build writes; it reads exactly this version (no older one exists yet). Redaction did not
     * change it: a rewritten record keeps this layout and its length; only its payload differs (see
     * {@link RecordRewrite} and {@code engine.internal.redaction.RedactedBlockRecord}).
     */
    static final int FORMAT_VERSION = 1;

    /** Bytes before the first record of a segment. */
    static final int SIZE = 20;

    private static final byte[] MAGIC = {(byte) 0x89, 'V', 'J', 'N', 'L', '\r', '\n', 0x1A};

    private SegmentHeader() {
    }

    /** The header of a segment whose first record will be {@code firstSequenceNo}, ready to write. */
    static ByteBuffer encode(long firstSequenceNo) {
        ByteBuffer header = ByteBuffer.allocate(SIZE);
        header.put(MAGIC).putInt(FORMAT_VERSION).putLong(firstSequenceNo);
        return header.flip();
    }

    /**
     * Checks a header read from {@code segment}.
     *
     * @param header exactly the first {@link #SIZE} bytes of the file, or fewer if the file is shorter
     * @throws io.vellum.error.LedgerException CORRUPTION naming the file when any field is wrong
     */
    static void verify(ByteBuffer header, SegmentFile segment) {
        if (header.remaining() < SIZE) {
            // Segments are created complete (written and forced under a temporary name, then renamed), so a short
            // header is damage, not a torn write.
            throw segment.corruption("the file is " + header.remaining() + " bytes long, shorter than the "
                    + SIZE + "-byte segment header");
        }
        byte[] magic = new byte[MAGIC.length];
        header.get(header.position(), magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw segment.corruption("bad segment header: magic bytes are " + hex(magic) + ", expected "
                    + hex(MAGIC));
        }
        int version = header.getInt(header.position() + 8);
        if (version != FORMAT_VERSION) {
            throw segment.corruption("bad segment header: format version " + version
                    + " is not readable by this build (reads version " + FORMAT_VERSION + ")");
        }
        long firstSequenceNo = header.getLong(header.position() + 12);
        if (firstSequenceNo != segment.firstSequenceNo()) {
            throw segment.corruption("bad segment header: first sequenceNo " + firstSequenceNo
                    + " does not match the file name's " + segment.firstSequenceNo());
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
