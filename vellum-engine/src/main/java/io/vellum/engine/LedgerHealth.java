package io.vellum.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a ledger can serve, and what opening it found, for operators and health checks ({@link Ledger#health()}).
 * Messages name blocks, journal segment file names and byte offsets, never server paths.
 *
 * @param state         what the ledger can do now
 * @param reason        why it is not {@link State#HEALTHY} (the CORRUPTION or failure message), if it is not
 * @param damagedBlocks damaged journal records found on open; reads of those blocks fail with CORRUPTION naming them
 * @param tailCut       bytes at the end of the journal that opening cut off (and quarantined) or, read-only, left in
 *                      place; present does not make the ledger unhealthy (a torn tail was never acknowledged)
 */
public record LedgerHealth(State state, Optional<String> reason, List<DamagedBlock> damagedBlocks,
                           Optional<TailCut> tailCut) {
    /** What a ledger can do. */
    public enum State {
        /** Reads and writes work. */
        HEALTHY,
        /** Damage was found (on open or by the background scrub): reads of intact data work, writes fail CORRUPTION. */
        CORRUPTED,
        /** A journal write failed: nothing works until the ledger is reopened. */
        FAILED,
        /** Closed. */
        CLOSED
    }

    /**
     * A block whose journal record is damaged.
     *
     * @param sequenceNo  the block
     * @param description block, segment file name, byte offset and what is wrong
     */
    public record DamagedBlock(long sequenceNo, String description) {
    }

    /**
     * Bytes at the end of the journal that are not records.
     *
     * @param firstSequenceNo the block the first of them would have been
     * @param bytes           how many
     * @param description     one line: kind (torn: never acknowledged), segment file name, offset, reason
     * @param quarantineFile  where the bytes are kept (or, when not cut, would be)
     * @param cut             whether opening cut them off (false for a read-only open)
     */
    public record TailCut(long firstSequenceNo, long bytes, String description, Path quarantineFile, boolean cut) {
    }

    public LedgerHealth {
        damagedBlocks = List.copyOf(damagedBlocks);
    }
}
