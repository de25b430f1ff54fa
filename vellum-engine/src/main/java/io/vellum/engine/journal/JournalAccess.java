package io.vellum.engine.journal;

/**
 * How {@link Journal#open(java.nio.file.Path, JournalOptions, long, JournalAccess)} treats the files and damage it
 * finds in the last segment. Whatever the mode, opening never cuts a record that a durable floor depends on, and
 * never cuts anything without first copying it to a quarantine file ({@link TailCut#quarantineFile()}).
 *
 * @param writable        appends are allowed, and a torn tail (a record the file ends inside of: never
 *                        acknowledged) is quarantined and cut off. When false, nothing in the journal's directory is
 *                        changed: a torn tail is only reported, and the journal ends before it.
 * @param recordDamage    a complete record that fails its checks but is followed by the next valid record is
 *                        recorded ({@link Journal#damagedRecords()}) and skipped, instead of failing the open; reading
 *                        it still fails with CORRUPTION naming it. So a ledger with one damaged block can still serve
 *                        the others. When false, such damage fails the open with CORRUPTION.
 * @param cutDamagedTail  complete records at the very end that fail their checks (nothing valid after them) are
 *                        treated like a torn tail (quarantined and cut when writable, reported otherwise). Such a
 *                        record may have been acknowledged, so only an operator's explicit repair does this; every
 *                        other mode refuses to open with CORRUPTION naming the block.
 */
public record JournalAccess(boolean writable, boolean recordDamage, boolean cutDamagedTail) {
    /** Read-write; any damaged complete record fails the open. */
    public static final JournalAccess STRICT = new JournalAccess(true, false, false);
    /** Read-write for a serving ledger: damaged records followed by intact ones are recorded, not fatal. */
    public static final JournalAccess SERVING = new JournalAccess(true, true, false);
    /** Changes nothing on disk; appends are refused. Damage is recorded as in {@link #SERVING}. */
    public static final JournalAccess READ_ONLY = new JournalAccess(false, true, false);
    /** An operator's repair: cuts a torn or damaged tail (quarantined first). */
    public static final JournalAccess REPAIR = new JournalAccess(true, false, true);
    /** What {@link #REPAIR} would cut, reported without changing anything. */
    public static final JournalAccess REPAIR_DRY_RUN = new JournalAccess(false, false, true);
}
