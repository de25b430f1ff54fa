/**
 * The journal: the append-only, durable sequence of blocks that is the ledger's source of truth.
 *
 * <p>Public types: {@link io.vellum.engine.journal.Journal} (open, append, read, iterate, verify) and its values
 * {@link io.vellum.engine.journal.JournalOptions}, {@link io.vellum.engine.journal.JournalAccess},
 * {@link io.vellum.engine.journal.JournalPosition}, {@link io.vellum.engine.journal.JournalEntry},
 * {@link io.vellum.engine.journal.TailCut}, {@link io.vellum.engine.journal.DamagedRecord}. Everything else is package-private implementation, which keeps
 * it out of reach of other packages more firmly than a public {@code internal} sub-package would.
 *
 * <h2>On disk</h2>
 * A directory of segment files {@code <first sequenceNo as 20 digits>.seg} plus {@code journal.lock} and any
 * quarantine files ({@code *.quarantine}: bytes cut off a torn tail, kept for the operator). A segment is
 * a 20-byte header ({@code SegmentHeader}: magic, format version, first sequenceNo) followed by records
 * ({@code RecordFormat}: payload length, CRC32C over sequenceNo and payload, sequenceNo, payload), all big-endian:
 * 16 bytes of overhead per record. Format version history: {@code SegmentHeader.FORMAT_VERSION_HISTORY}.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>One {@code append} call is one batch: written with as few write calls as possible, forced once, never split
 *       across segments (a new segment is started before a batch that would overflow the current one). So a torn
 *       write can only be at the end of the last segment, and opening scans only that segment.</li>
 *   <li>Segments are created under a temporary name, forced, renamed, and the directory forced: a segment file
 *       always has a complete header, so a bad header is damage, never a torn write.</li>
 *   <li>At the end of the last segment, only a torn record (the file ends inside it, or the rest is zero bytes: an
 *       append a crash cut short, never acknowledged) is cut, and only after its bytes were copied to a quarantine
 *       file ({@code <segment>.seg.<offset>.quarantine}, owner-only) and forced; the cut is reported
 *       ({@link io.vellum.engine.journal.Journal#tailCut()}). A complete record failing its CRC32C or sequenceNo check
 *       is damage to a block that may have been acknowledged: CORRUPTION naming block, segment and offset, nothing
 *       cut, unless the caller opens for repair ({@link io.vellum.engine.journal.JournalAccess}). Damaged records in
 *       the middle are CORRUPTION, or recorded and skipped for a serving ledger. Nothing at or below the caller's
 *       durable floor is ever cut.</li>
 *   <li>A read-only open changes nothing: a torn tail is reported and the journal ends before it.</li>
 *   <li>Readers use their own read-only channels (a bounded, shared cache), never the writer's, and see only
 *       records whose append has returned.</li>
 * </ul>
 */
package io.vellum.engine.journal;
