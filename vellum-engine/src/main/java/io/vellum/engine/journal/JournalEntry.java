package io.vellum.engine.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record read back from the journal.
 *
 * <p>{@code payload} is a fresh array for each entry, owned by the receiver (no defensive copy is made, for
 * speed). Equality compares the payload's contents.
 *
 * @param sequenceNo the record's sequenceNo
 * @param position   where it lives, for later {@link Journal#read}
 * @param payload    the bytes given to {@link Journal#append}, verified against the record's CRC32C
 */
public record JournalEntry(long sequenceNo, JournalPosition position, byte[] payload) {
    public JournalEntry {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JournalEntry entry && sequenceNo == entry.sequenceNo
                && position.equals(entry.position) && Arrays.equals(payload, entry.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNo, position, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "JournalEntry[sequenceNo=" + sequenceNo + ", position=" + position + ", payload=" + payload.length
                + " bytes]";
    }
}
