package io.vellum.engine.journal;

import java.io.IOException;

/** Test access to the journal's fault points: stops a record rewrite at a step, as a crash there would. */
public final class JournalFaults {
    private JournalFaults() {
    }

    /**
     * Makes the next rewrites of {@code journal} stop at {@code step} (REDO_WRITTEN, HALF_WRITTEN, RECORD_WRITTEN)
     * with an I/O error, leaving its files as a crash at that point would.
     */
    public static void stopRewritesAt(Journal journal, String step) {
        RecordRewrite.Step stop = RecordRewrite.Step.valueOf(step);
        journal.rewriteFault(at -> {
            if (at == stop) {
                throw new IOException("simulated crash at " + at);
            }
        });
    }
}
