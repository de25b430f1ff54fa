package io.vellum.proof.block;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block's address in a ledger's journal: the strand (one per ledger) and the block's sequence number,
 * which is also its leaf index in the ledger's Merkle tree.
 */
public record BlockAddress(String strandId, long sequenceNo) {
    private static final Pattern ION_TEXT = Pattern.compile(
            "\\s*\\{\\s*(?:strandId\\s*:\\s*\"([A-Za-z0-9]+)\"\\s*,\\s*sequenceNo\\s*:\\s*(\\d+)"
                    + "|sequenceNo\\s*:\\s*(\\d+)\\s*,\\s*strandId\\s*:\\s*\"([A-Za-z0-9]+)\")\\s*}\\s*");

    public BlockAddress {
        Objects.requireNonNull(strandId, "strandId");
        if (sequenceNo < 0) {
            throw new IllegalArgumentException("sequenceNo must be >= 0, got " + sequenceNo);
        }
    }

    /** QLDB's Ion text form, {@code {strandId:"…",sequenceNo:N}}. */
    public String toIonText() {
        return "{strandId:\"" + strandId + "\",sequenceNo:" + sequenceNo + "}";
    }

    /**
     * Parses QLDB's Ion text form (with or without spaces, either field order).
     *
     * @throws IllegalArgumentException naming the text when it is not a block address
     */
    public static BlockAddress parseIonText(String text) {
        Matcher m = ION_TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a block address (expected {strandId:\"…\",sequenceNo:N}): " + text);
        }
        return m.group(1) != null
                ? new BlockAddress(m.group(1), Long.parseLong(m.group(2)))
                : new BlockAddress(m.group(4), Long.parseLong(m.group(3)));
    }

    @Override
    public String toString() {
        return toIonText();
    }
}
