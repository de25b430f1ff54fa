package io.vellum.engine;

import io.vellum.engine.journal.DamagedRecord;
import io.vellum.engine.journal.TailCut;
import java.util.List;
import java.util.Optional;

/**
 * Whether a ledger can serve, and what opening it found, for operators and health checks ({@link Ledger#health()}).
 * Messages name blocks, journal segment file names and byte offsets, never server paths.
 *
 * @param state          what the ledger can do now
 * @param reason         why it is not {@link State#HEALTHY} (the CORRUPTION or failure message), if it is not
 * @param damagedRecords damaged journal records found on open; reads of them fail with CORRUPTION naming them
 * @param tailCut        bytes at the end of the journal that opening cut off (and quarantined) or, read-only, left
 *                       in place; present does not make the ledger unhealthy (a torn tail was never acknowledged)
 */
public record LedgerHealth(State state, Optional<String> reason, List<DamagedRecord> damagedRecords,
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

    public LedgerHealth {
        damagedRecords = List.copyOf(damagedRecords);
    }
}
