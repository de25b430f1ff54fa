package io.vellum.engine.export;

/**
 * Told how far a long export, import, export verification or journal verification ({@code Ledger.verifyJournal}) has
 * come, so that a command line can show it. Called on
 * the working thread after each block, so an implementation must be cheap (it decides itself how often to show
 * anything). It must not throw: a failure to show progress is no failure of the work.
 */
@FunctionalInterface
public interface BlockProgress {
    /** Shows nothing. */
    BlockProgress NONE = (phase, done, total) -> { };

    /**
     * @param phase what is being done, one lower-case word: {@code exporting}, {@code verifying}, {@code writing}
     * @param done  blocks handled so far in this phase
     * @param total blocks this phase will handle, or -1 when that is not known in advance
     */
    void blocks(String phase, long done, long total);
}
