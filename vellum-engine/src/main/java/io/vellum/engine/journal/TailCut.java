package io.vellum.engine.journal;

import java.nio.file.Path;

/**
 * Bytes at the end of the journal's last segment that are not part of the journal: found when it opened, and cut
 * off (after being copied to {@link #quarantineFile()}) when the journal was opened writable.
 *
 * @param kind             why the bytes are not records
 * @param segmentFileName  the segment's file name (no directory)
 * @param offset           byte offset in the segment where the cut starts
 * @param length           bytes from {@code offset} to the end of the file
 * @param firstSequenceNo  the sequenceNo (block) the first cut record would have had; records of this and any later
 *                         sequenceNo are what the cut removes
 * @param reason           what is wrong with the record at {@code offset}
 * @param quarantineFile   where the bytes are (or, when not cut, would be) kept:
 *                         {@code <journal>/<segment file name>.<offset>.quarantine}, readable by the owner only
 * @param cut              whether the bytes were cut off the segment (false: reported only, the file is unchanged)
 */
public record TailCut(Kind kind, String segmentFileName, long offset, long length, long firstSequenceNo,
                      String reason, Path quarantineFile, boolean cut) {
    /** Suffix of quarantine files in the journal's directory. */
    public static final String QUARANTINE_SUFFIX = ".quarantine";

    /** Why bytes at the end are not records. */
    public enum Kind {
        /** The file ends inside a record (or its header): a crash cut an append short, so it was never acknowledged. */
        TORN,
        /** Complete records that fail their checksum or sequenceNo: may have been acknowledged; cut only by repair. */
        DAMAGED
    }

    /** One line for logs and operators, e.g. {@code 57 bytes at byte offset 4711 of segment …, from block 44 on}. */
    public String describe() {
        return (kind == Kind.TORN ? "torn tail" : "damaged tail") + " of " + length + " bytes at byte offset "
                + offset + " of journal segment " + segmentFileName + " (block " + firstSequenceNo
                + (kind == Kind.TORN ? ", never acknowledged" : ", may have been acknowledged") + "): " + reason;
    }
}
