package io.vellum.engine.export;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the name of an export data object declares: QLDB names each object
 * {@code …/<strandId>.<firstSequenceNo>-<lastSequenceNo>.<extension>} (COMPATIBILITY.md §11.1; the readers of the DMV sample and
 * the export processor match {@code ^.*\.[0-9]*-[0-9]*\.[a-zA-Z0-9]*$}), and so does Vellum.
 *
 * <p>Why it matters: the hash chain links each block to the one before it, so a block cut from the very start or
 * end of an export leaves a chain that still holds. The name of the object it was cut from still declares it, so a
 * verifier that holds the object's contents to its name catches that too, without a digest.
 *
 * @param key             the object key as the completed manifest lists it
 * @param strandId        the strand the name declares
 * @param firstSequenceNo the first block the name declares
 * @param lastSequenceNo  the last block the name declares
 */
record DataObjectKey(String key, String strandId, long firstSequenceNo, long lastSequenceNo) {
    private static final Pattern NAME = Pattern.compile("(?:.*/)?([A-Za-z0-9]+)\\.([0-9]{1,18})-([0-9]{1,18})\\.[a-zA-Z0-9]+");

    /**
     * The range {@code key}'s name declares, or empty when the name does not follow the pattern (an object renamed
     * by hand is still read; only the check against its name is lost).
     */
    static Optional<DataObjectKey> parse(String key) {
        Matcher matcher = NAME.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(matcher.group(2));
        long last = Long.parseLong(matcher.group(3));
        return first <= last ? Optional.of(new DataObjectKey(key, matcher.group(1), first, last)) : Optional.empty();
    }

    /** {@code "blocks 3-7 of strand S"}, for messages. */
    String declared() {
        return "blocks " + firstSequenceNo + "-" + lastSequenceNo + " of strand " + strandId;
    }
}
