package io.vellum.engine.journal;

import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo file that makes an in-place rewrite of one journal record (a redaction) crash-safe.
 *
 * <p>A rewrite replaces a record by a record of exactly the same length (same sequenceNo, new payload, new CRC32C),
 * so no other record moves and every stored {@link JournalPosition} stays valid. Its steps:
 * <ol>
 *   <li>write the new record's bytes into {@code rewrite-<sequenceNo, 20 digits>.redo.creating}, force it, rename
 *       it to {@code rewrite-<sequenceNo>.redo}, force the directory;</li>
 *   <li>overwrite the record in its segment at its offset, force the segment;</li>
 *   <li>delete the redo file (and force the directory).</li>
 * </ol>
 * A crash before the rename leaves only a {@code .creating} file, deleted on open: the record is untouched. A crash
 * after it leaves a complete redo file, and opening the journal writes it again (idempotent) before anything reads
 * the segment: a half-written record is never seen after a restart. A read racing with step 2 retries (see
 * {@link SegmentReadChannels}).
 *
 * <p>Byte layout of a redo file (big-endian):
 * <pre>
 * offset  size  field
 *      0     8  magic 0x89 'V' 'J' 'R' 'E' 'D' 'O' 0x1A
 *      8     4  redo format version (int), {@value #VERSION}
 *     12     8  first sequenceNo of the segment holding the record (names the segment file)
 *     20     8  byte offset of the record in that segment
 *     28     4  N, length of the record (its 16-byte header plus payload, see {@link RecordFormat})
 *     32     N  the new record, exactly as it is to be written
 *   32+N     4  CRC32C over bytes 0 .. 32+N
 * </pre>
 */
final class RecordRewrite {
    static final int VERSION = 1;
    static final String PREFIX = "rewrite-";
    static final String SUFFIX = ".redo";
    private static final byte[] MAGIC = {(byte) 0x89, 'V', 'J', 'R', 'E', 'D', 'O', 0x1A};
    private static final Logger log = LoggerFactory.getLogger(RecordRewrite.class);

    /** Where a test stops a rewrite to play a crash; {@link #NONE} in production. */
    interface Fault {
        Fault NONE = step -> { };

        /** Called at each named step; throwing there leaves the files as a crash at that point would. */
        void at(Step step) throws IOException;
    }

    /** The points between the steps of a rewrite. */
    enum Step {
        /** The redo file is durable, the segment untouched. */
        REDO_WRITTEN,
        /** Half of the new record is written over the old one (a torn in-place write). */
        HALF_WRITTEN,
        /** The new record is written and forced, the redo file not yet deleted. */
        RECORD_WRITTEN
    }

    private RecordRewrite() {
    }

    static boolean isRewriteFile(String name) {
        return name.startsWith(PREFIX) && (name.endsWith(SUFFIX) || name.endsWith(SUFFIX
                + JournalDirectory.CREATING_SUFFIX));
    }

    /** Runs the three steps for {@code record} (header and payload) at {@code offset} of {@code segment}. */
    static void rewrite(Path directory, SegmentFile segment, long sequenceNo, long offset, byte[] record,
                        Fault fault) throws IOException {
        Path redo = directory.resolve(String.format("%s%020d%s", PREFIX, sequenceNo, SUFFIX));
        Path creating = directory.resolve(redo.getFileName() + JournalDirectory.CREATING_SUFFIX);
        Files.deleteIfExists(creating);
        try (FileChannel channel = OwnerOnlyFiles.open(creating, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = encode(segment.firstSequenceNo(), offset, record);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(creating, redo, StandardCopyOption.ATOMIC_MOVE);
        JournalDirectory.force(directory);
        fault.at(Step.REDO_WRITTEN);
        try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            writeFully(channel, ByteBuffer.wrap(record, 0, record.length / 2), offset);
            fault.at(Step.HALF_WRITTEN);
            writeFully(channel, ByteBuffer.wrap(record, record.length / 2, record.length - record.length / 2),
                    offset + record.length / 2);
            channel.force(false);
        }
        fault.at(Step.RECORD_WRITTEN);
        Files.delete(redo);
        JournalDirectory.force(directory);
    }

    /**
     * Finishes every rewrite a crash interrupted: deletes {@code .creating} leftovers, applies each complete redo
     * file to its segment (forced), then deletes it. Runs on a writable open before any segment is read.
     *
     * @return how many rewrites were finished
     * @throws LedgerException CORRUPTION for a redo file that fails its checks (a complete redo file is only ever
     *                         made by a rename after a force, so damage to one is not a torn write)
     */
    static int finishInterrupted(Path directory) throws IOException {
        int finished = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(SUFFIX + JournalDirectory.CREATING_SUFFIX)) {
                    log.warn("Deleting {}: a redaction rewrite cut short before it touched the journal", name);
                    Files.delete(entry);
                } else if (name.endsWith(SUFFIX)) {
                    apply(directory, entry);
                    finished++;
                }
            }
        }
        if (finished > 0) {
            JournalDirectory.force(directory);
        }
        return finished;
    }

    private static void apply(Path directory, Path redo) throws IOException {
        byte[] bytes = Files.readAllBytes(redo);
        String name = redo.getFileName().toString();
        if (bytes.length < 36 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw redoCorruption(name, "it is too short or its magic bytes are wrong");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int version = buffer.getInt(8);
        long segmentFirst = buffer.getLong(12);
        long offset = buffer.getLong(20);
        int length = buffer.getInt(28);
        if (version != VERSION || length < RecordFormat.OVERHEAD || length != bytes.length - 36) {
            throw redoCorruption(name, "version " + version + " or record length " + length + " does not match "
                    + "its size of " + bytes.length + " bytes");
        }
        CRC32C checksum = new CRC32C();
        checksum.update(bytes, 0, 32 + length);
        if ((int) checksum.getValue() != buffer.getInt(32 + length)) {
            throw redoCorruption(name, "its CRC32C does not match");
        }
        SegmentFile segment = SegmentFile.in(directory, segmentFirst);
        if (!Files.exists(segment.path())) {
            throw redoCorruption(name, "it names segment " + segment.path().getFileName() + ", which is missing");
        }
        try (FileChannel channel = FileChannel.open(segment.path(), StandardOpenOption.WRITE)) {
            writeFully(channel, ByteBuffer.wrap(bytes, 32, length), offset);
            channel.force(false);
        }
        Files.delete(redo);
        log.warn("Journal {}: finished a redaction rewrite of the record at offset {} of {} that a crash had "
                + "interrupted", directory, offset, segment.path().getFileName());
    }

    private static LedgerException redoCorruption(String name, String problem) {
        return new LedgerException(ErrorCode.CORRUPTION, "journal redo file " + name + " cannot be applied: "
                + problem);
    }

    private static ByteBuffer encode(long segmentFirst, long offset, byte[] record) {
        ByteBuffer bytes = ByteBuffer.allocate(36 + record.length);
        bytes.put(MAGIC).putInt(VERSION).putLong(segmentFirst).putLong(offset).putInt(record.length).put(record);
        CRC32C checksum = new CRC32C();
        checksum.update(bytes.array(), 0, 32 + record.length);
        bytes.putInt((int) checksum.getValue());
        return bytes.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        long at = position;
        while (source.hasRemaining()) {
            at += channel.write(source, at);
        }
    }
}
