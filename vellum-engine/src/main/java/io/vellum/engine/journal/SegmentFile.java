package io.vellum.engine.journal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One segment file of the journal: {@code <directory>/<first sequenceNo as 20 decimal digits>.seg}.
 *
 * <p>Twenty digits hold any non-negative long, so names sort in sequence order as plain text too (handy for
 * {@code ls}), and a segment is found from a sequenceNo by its name alone.
 *
 * @param firstSequenceNo sequenceNo of the segment's first record
 * @param path            the segment file
 */
record SegmentFile(long firstSequenceNo, Path path) {
    static final String SUFFIX = ".seg";
    private static final Pattern NAME = Pattern.compile("\\d{20}\\.seg");

    /** The segment of {@code directory} whose first record is {@code firstSequenceNo}. */
    static SegmentFile in(Path directory, long firstSequenceNo) {
        return new SegmentFile(firstSequenceNo, directory.resolve(fileName(firstSequenceNo)));
    }

    static String fileName(long firstSequenceNo) {
        return String.format("%020d%s", firstSequenceNo, SUFFIX);
    }

    /**
     * The segment a file name denotes, if it is one.
     *
     * @return empty if the name does not end in {@value #SUFFIX}
     * @throws LedgerException CORRUPTION if it ends in {@value #SUFFIX} but is not a well-formed segment name,
     *                         because then a segment may have been renamed and the journal cannot be trusted
     */
    static Optional<SegmentFile> parse(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        if (NAME.matcher(name).matches()) {
            try {
                long firstSequenceNo = Long.parseLong(name.substring(0, 20));
                return Optional.of(new SegmentFile(firstSequenceNo, file));
            } catch (NumberFormatException beyondLong) {
                // fall through: twenty digits that exceed Long.MAX_VALUE
            }
        }
        throw new LedgerException(ErrorCode.CORRUPTION, "journal segment " + file.getFileName()
                + ": file name is not <first sequenceNo as 20 digits>" + SUFFIX);
    }

    /** The file's name without its directory: what error messages name, so they never carry a server path. */
    String fileName() {
        return path.getFileName().toString();
    }

    /**
     * A CORRUPTION error about this file as a whole (header, name, shape). Names the file by its name only: these
     * messages reach network clients, which must not learn server paths (the journal directory is logged at open).
     */
    LedgerException corruption(String problem) {
        return new LedgerException(ErrorCode.CORRUPTION, "journal segment " + fileName() + ": " + problem);
    }

    /** A CORRUPTION error about the record that should hold {@code sequenceNo} (that block) at {@code offset}. */
    LedgerException corruptionAt(long offset, long sequenceNo, String problem) {
        return new LedgerException(ErrorCode.CORRUPTION, "journal segment " + fileName() + ", byte offset " + offset
                + ", sequenceNo " + sequenceNo + ": " + problem);
    }
}
