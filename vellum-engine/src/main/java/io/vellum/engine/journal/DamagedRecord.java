package io.vellum.engine.journal;

/**
 * A complete record in the middle of the last segment that fails its checks, found when the journal opened in a
 * mode that records damage ({@link JournalAccess#recordDamage()}). The records around it are intact; reading this
 * one fails with CORRUPTION.
 *
 * @param sequenceNo      the block the record should hold
 * @param segmentFileName the segment's file name (no directory)
 * @param offset          byte offset of the record in the segment
 * @param problem         what is wrong with it
 */
public record DamagedRecord(long sequenceNo, String segmentFileName, long offset, String problem) {
    /** One line naming the block, segment and offset. */
    public String describe() {
        return "block " + sequenceNo + " (journal segment " + segmentFileName + ", byte offset " + offset
                + ", sequenceNo " + sequenceNo + "): "
                + problem;
    }
}
