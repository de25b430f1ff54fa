package io.vellum.engine.journal;

import io.vellum.engine.journal.SegmentAppender.AppendedBatch;
import io.vellum.engine.journal.TailRecovery.RecoveredTail;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal of one ledger: records numbered by a contiguous sequenceNo from 0, each holding one block
 * as opaque bytes, stored in segment files {@code <directory>/<first sequenceNo, 20 digits>.seg} (layouts:
 * {@link SegmentHeader}, {@link RecordFormat}).
 *
 * <p><b>Durability.</b> {@link #append} returns only after its records are forced to disk; a record that was
 * returned from {@code append} survives a crash. A record whose {@code append} did not return (crash, I/O failure)
 * was never acknowledged: after reopening it is either absent or, if it reached the disk complete, present; so a
 * failed append has an unknown outcome, to be settled from the journal after reopening.
 *
 * <p><b>Threads.</b> One writer: {@link #append} must be called by one thread at a time (a concurrent call fails
 * with INVALID_REQUEST). Everything else is thread-safe and runs concurrently with appends; readers see exactly the
 * records of appends that have returned. Interrupting a thread inside {@code append} closes the journal (file
 * channels close on interrupt); interrupting a reader fails only that read.
 *
 * <p><b>Integrity.</b> Opening validates the last segment record by record (the only one a crash can tear) and
 * cuts off a torn tail (the file ends inside a record that was never acknowledged), keeping its bytes in a
 * quarantine file; any other damage, a complete record at the very end included, is CORRUPTION, never repaired
 * silently. Earlier segments are verified
 * by header and CRC when read, and all of them by {@link #verifyAll()} (which the ledger runs in the background
 * after every open).
 *
 * <p><b>Rewrites.</b> The one exception to append-only: {@link #rewrite} replaces a record's payload in place by one
 * of the same length (a redaction removing a revision's data), crash-safely through a redo file
 * ({@link RecordRewrite}: {@code rewrite-<sequenceNo>.redo}, finished by the next writable open before any segment is
 * read). The segment format is unchanged (version 1); the payload stays opaque to the journal.
 *
 * <p>Errors are {@link LedgerException}s: CORRUPTION for damaged data (the message names segment file, byte
 * offset and sequenceNo), INVALID_REQUEST for misuse, UNAVAILABLE for I/O failures and a closed journal.
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final JournalDirectory directory;
    /** Null when opened read-only. */
    private final SegmentAppender appender;
    private final SegmentReadChannels readChannels;
    private final AtomicBoolean appending = new AtomicBoolean();
    private final Optional<TailCut> tailCut;
    private final List<DamagedRecord> damagedRecords;
    private volatile JournalState state;
    private volatile boolean closed;
    private volatile RecordRewrite.Fault rewriteFault = RecordRewrite.Fault.NONE;

    private Journal(JournalDirectory directory, SegmentAppender appender, JournalState state,
                    Optional<TailCut> tailCut, List<DamagedRecord> damagedRecords) {
        this.directory = directory;
        this.appender = appender;
        this.readChannels = new SegmentReadChannels(directory.path().toString());
        this.state = state;
        this.tailCut = tailCut;
        this.damagedRecords = List.copyOf(damagedRecords);
    }

    /**
     * Opens the journal in {@code directory} with {@link JournalAccess#STRICT}: creates the directory and an empty
     * journal if there is none, quarantines and cuts a torn tail, and refuses (CORRUPTION) any damaged complete
     * record. See {@link #open(Path, JournalOptions, long, JournalAccess)}.
     */
    public static Journal open(Path directory, JournalOptions options, long durableFloor) {
        return open(directory, options, durableFloor, JournalAccess.STRICT);
    }

    /**
     * Opens the journal in {@code directory}.
     *
     * <p>Validates the last segment record by record. Bytes at its end that a crash left (the file ends inside a
     * record, or in a run of zeros: an append that was never acknowledged) are a torn tail: a writable open copies
     * them to a quarantine file ({@link TailCut#quarantineFile()}), forces it, then cuts them off and forces the
     * segment, logs a warning and reports the cut in {@link #tailCut()}; a read-only open leaves them and ends the
     * journal before them. A <em>complete</em> record that fails its CRC32C or sequenceNo check at the very end is
     * CORRUPTION naming its block, segment and offset (nothing cut), unless {@code access} is a repair; in the
     * middle, it is recorded in {@link #damagedRecords()} if {@code access} allows, else CORRUPTION. A bad segment
     * header or file name, a gap or non-contiguous sequenceNos are CORRUPTION. Cost: the directory listing plus one
     * pass over the last segment, independent of the journal's length.
     *
     * @param directory    the journal's own directory (segment files, a lock file, quarantine files); created if
     *                     absent when {@code access} is writable
     * @param options      segment size limit for new segments
     * @param durableFloor the highest sequenceNo another durable component already depends on (the state store's
     *                     last applied block), or -1 if none; opening fails with CORRUPTION rather than cut a
     *                     record at or below it, or when the journal ends before it
     * @param access       writable or read-only, and which damage is tolerated (see {@link JournalAccess})
     * @return the open journal; it holds the directory's lock until {@link #close()}
     * @throws LedgerException CORRUPTION as above; NOT_FOUND for a read-only open of a missing or empty journal;
     *                         UNAVAILABLE on I/O failure or when the journal is open already (in this or another
     *                         process); INVALID_REQUEST for null arguments or durableFloor &lt; -1
     */
    public static Journal open(Path directory, JournalOptions options, long durableFloor, JournalAccess access) {
        if (directory == null || options == null || access == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal directory, options and access are required");
        }
        if (durableFloor < -1) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "durableFloor must be -1 or a sequenceNo, not "
                    + durableFloor);
        }
        long started = System.nanoTime();
        JournalDirectory journalDirectory = null;
        FileChannel lastChannel = null;
        if (durableFloor >= 0 && !Files.isDirectory(directory)) {
            // Never start an empty journal where records are known to exist: that is a wrong path or lost data.
            throw new LedgerException(ErrorCode.CORRUPTION, "the journal directory does not exist, but another "
                    + "durable component already depends on sequenceNos up to " + durableFloor);
        }
        if (!access.writable() && !Files.isDirectory(directory)) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "there is no journal in " + directory);
        }
        try {
            journalDirectory = JournalDirectory.openLocked(directory);
            if (access.writable()) {
                // Before any segment is read: a rewrite a crash interrupted may have left a half-written record.
                RecordRewrite.finishInterrupted(directory);
            }
            List<SegmentFile> segments = journalDirectory.listSegments(access.writable());
            if (segments.isEmpty()) {
                if (durableFloor >= 0) {
                    throw new LedgerException(ErrorCode.CORRUPTION, "the journal has no segments, but another "
                            + "durable component already depends on sequenceNos up to " + durableFloor);
                }
                if (!access.writable()) {
                    throw new LedgerException(ErrorCode.NOT_FOUND, "the journal in " + directory
                            + " has no segments");
                }
                segments = List.of(journalDirectory.createSegment(0));
            }
            if (segments.get(0).firstSequenceNo() != 0) {
                throw segments.get(0).corruption("the journal's first segment must start at sequenceNo 0; "
                        + "earlier segments are missing");
            }
            SegmentFile last = segments.get(segments.size() - 1);
            lastChannel = access.writable()
                    ? FileChannel.open(last.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(last.path(), StandardOpenOption.READ);
            RecoveredTail tail = TailRecovery.recover(lastChannel, last, durableFloor, access, directory);
            Optional<TailCut> cut = tail.tail();
            if (cut.isPresent()) {
                cut = Optional.of(access.writable() ? Quarantine.cut(lastChannel, cut.get(), directory)
                        : reportUncut(cut.get()));
            }
            for (DamagedRecord damaged : tail.damaged()) {
                log.error("Journal {}: damaged record found on open, reads of it fail: {}", directory,
                        damaged.describe());
            }
            SegmentAppender appender = null;
            if (access.writable()) {
                appender = new SegmentAppender(journalDirectory, options.segmentSizeLimit(), last, lastChannel,
                        tail.endOffset());
            } else {
                lastChannel.close();
            }
            Journal journal = new Journal(journalDirectory, appender, new JournalState(segments,
                    tail.nextSequenceNo()), cut, tail.damaged());
            log.info("Opened journal {}{}: {} segments, next sequenceNo {}, in {} ms", directory,
                    access.writable() ? "" : " read-only", segments.size(), tail.nextSequenceNo(),
                    (System.nanoTime() - started) / 1_000_000);
            return journal;
        } catch (IOException e) {
            closeQuietly(lastChannel, e);
            closeQuietly(journalDirectory, e);
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot open journal " + directory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(lastChannel, e);
            closeQuietly(journalDirectory, e);
            throw e;
        }
    }

    /** Whether {@code directory} holds a journal (a directory with at least one segment file); reads only. */
    public static boolean exists(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (var entries = Files.newDirectoryStream(directory, "*" + SegmentFile.SUFFIX)) {
            return entries.iterator().hasNext();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot list journal directory " + directory + ": " + e, e);
        }
    }

    private static TailCut reportUncut(TailCut cut) {
        log.warn("Journal segment {} (read-only, left as it is): {}; a writable open would keep it in {} and cut it",
                cut.segmentFileName(), cut.describe(), cut.quarantineFile());
        return cut;
    }

    /**
     * What this open found at the end of the last segment that is not records: cut off (and quarantined) when the
     * journal was opened writable, only reported when read-only. Empty when the segment ended cleanly.
     */
    public Optional<TailCut> tailCut() {
        return tailCut;
    }

    /** Damaged records in the middle of the last segment that this open recorded and skipped; reading them fails. */
    public List<DamagedRecord> damagedRecords() {
        return damagedRecords;
    }

    /** Whether this journal was opened read-only (appends fail). */
    public boolean isReadOnly() {
        return appender == null;
    }

    /** The sequenceNo the next appended record gets; 0 for an empty journal. Thread-safe. */
    public long nextSequenceNo() {
        return state.nextSequenceNo();
    }

    /**
     * Appends {@code payloads} as records {@link #nextSequenceNo()}, {@code nextSequenceNo() + 1}, … in order,
     * with as few write calls as possible, forces them to disk once ({@link FileChannel#force} without metadata),
     * and only then returns. A batch is never split across segments; if the current segment would exceed the size
     * limit, a new segment is started first (its creation forces the new file and the directory too).
     *
     * <p>Single writer: must not be called by two threads at once. On an I/O failure nothing of the batch is
     * acknowledged, the journal is closed, and reopening truncates whatever of the batch was torn.
     *
     * @param payloads the blocks as Ion binary, opaque to the journal; the arrays are not modified or retained.
     *                 An empty list appends nothing and forces nothing.
     * @return the records' positions, in order; the records are durable
     * @throws LedgerException INVALID_REQUEST for a null or oversized payload or a concurrent call; UNAVAILABLE on
     *                         an I/O failure (the journal is then closed) or when closed
     */
    public List<JournalPosition> append(List<byte[]> payloads) {
        validate(payloads);
        if (!appending.compareAndSet(false, true)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal " + directory.path()
                    + ": append called concurrently; the journal has a single writer");
        }
        try {
            ensureOpen();
            if (appender == null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal " + directory.path()
                        + " is open read-only: appends are refused");
            }
            if (payloads.isEmpty()) {
                return List.of();
            }
            JournalState current = state;
            long first = current.nextSequenceNo();
            AppendedBatch batch;
            try {
                batch = appender.append(first, payloads);
            } catch (IOException e) {
                closeAfterFailure(e);
                throw new LedgerException(ErrorCode.UNAVAILABLE, "journal " + directory.path() + ": append of "
                        + "sequenceNo " + first + " to " + (first + payloads.size() - 1) + " failed, nothing of it "
                        + "is acknowledged and the journal is closed: " + e, e);
            } catch (RuntimeException | Error e) {
                closeAfterFailure(e); // the file's state is unknown: only reopening can establish it
                throw e;
            }
            state = current.afterAppend(batch.createdSegment(), first + payloads.size());
            return Collections.unmodifiableList(batch.positions());
        } finally {
            appending.set(false);
        }
    }

    /**
     * Replaces the payload of record {@code sequenceNo} in place by {@code payload} of exactly the same length (a
     * redaction: the caller pads it), crash-safely through a redo file ({@link RecordRewrite}): after a crash at any
     * point, reopening finds either the old record or the new one, never a mix. Other records do not move, so every
     * {@link JournalPosition} stays valid. Readers running meanwhile see the old or the new record. Runs
     * concurrently with appends (the record is not the one being appended); one rewrite at a time.
     *
     * @throws LedgerException INVALID_REQUEST for a read-only journal, a payload of another length or a position
     *                         that does not hold {@code sequenceNo}; CORRUPTION when the current record is damaged;
     *                         UNAVAILABLE on I/O failure (the rewrite is then finished when the journal reopens, if
     *                         its redo file was written) or when closed
     */
    public synchronized void rewrite(long sequenceNo, JournalPosition position, byte[] payload) {
        ensureOpen();
        if (appender == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal " + directory.path()
                    + " is open read-only: rewrites are refused");
        }
        if (payload == null || payload.length != position.length()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal rewrite of sequenceNo " + sequenceNo
                    + " needs a payload of exactly " + position.length() + " bytes, got "
                    + (payload == null ? "none" : payload.length));
        }
        read(sequenceNo, position); // the record must be there, intact
        SegmentFile segment = state.segments().get(state.indexOfSegmentContaining(position.segmentFirstSequenceNo()));
        ByteBuffer record = ByteBuffer.allocate(RecordFormat.OVERHEAD + payload.length);
        RecordFormat.encode(record, sequenceNo, payload);
        long stamp = readChannels.beginRewrite();
        try {
            RecordRewrite.rewrite(directory.path(), segment, sequenceNo, position.offset(), record.array(),
                    rewriteFault);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "journal " + directory.path() + ": rewrite of "
                    + "sequenceNo " + sequenceNo + " failed; it is finished when the journal reopens: " + e, e);
        } finally {
            readChannels.endRewrite(stamp);
        }
    }

    /** Test seam: where {@link #rewrite} stops to play a crash. */
    void rewriteFault(RecordRewrite.Fault fault) {
        this.rewriteFault = fault;
    }

    /**
     * Reads the record {@code sequenceNo} at {@code position} (as returned by {@link #append} or
     * {@link #readFrom}), verifying its CRC32C, sequenceNo and length. Thread-safe, concurrent with appends.
     *
     * @param sequenceNo an appended record: below {@link #nextSequenceNo()}
     * @param position   where that record lives
     * @return a fresh array holding the payload
     * @throws LedgerException CORRUPTION naming {@code sequenceNo} when the record there does not match;
     *                         INVALID_REQUEST for a sequenceNo not yet appended or a position that cannot hold it;
     *                         UNAVAILABLE on I/O failure or when closed
     */
    public byte[] read(long sequenceNo, JournalPosition position) {
        ensureOpen();
        if (position == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal read of sequenceNo " + sequenceNo
                    + " needs a position");
        }
        JournalState current = state;
        if (sequenceNo < 0 || sequenceNo >= current.nextSequenceNo()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal has no sequenceNo " + sequenceNo
                    + " (next is " + current.nextSequenceNo() + ")");
        }
        int index = current.indexOfSegmentContaining(position.segmentFirstSequenceNo());
        SegmentFile segment = current.segments().get(index);
        if (segment.firstSequenceNo() != position.segmentFirstSequenceNo() || sequenceNo < segment.firstSequenceNo()
                || sequenceNo >= current.endOfSegment(index)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal position " + position
                    + " does not name the segment holding sequenceNo " + sequenceNo);
        }
        if (position.offset() < SegmentHeader.SIZE) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal position " + position
                    + " points into the segment header");
        }
        return readChannels.read(segment, channel -> RecordFormat.readPayload(channel, segment, position.offset(),
                sequenceNo, position.length(), Long.MAX_VALUE));
    }

    /**
     * Iterates the records from {@code sequenceNo} (inclusive) to the end of the journal as of this call, in
     * order. Finds the segment by file name and scans it from its start to {@code sequenceNo}; every returned
     * record is verified (CRC32C, sequenceNo, segment boundaries). Thread-safe: any number of iterators may run
     * concurrently with each other and with appends; each iterator itself is for one thread. It holds no
     * resources of its own, so it needs no closing.
     *
     * @param sequenceNo from 0 to {@link #nextSequenceNo()}; the latter gives an empty iterator
     * @return the records in sequence order, each payload a fresh array
     * @throws LedgerException (from the iterator's {@code next()}) CORRUPTION naming the sequenceNo that cannot
     *                         be read intact, UNAVAILABLE on I/O failure or when closed; (from this method)
     *                         INVALID_REQUEST for a sequenceNo out of range, UNAVAILABLE when closed
     */
    public Iterator<JournalEntry> readFrom(long sequenceNo) {
        ensureOpen();
        JournalState current = state;
        if (sequenceNo < 0 || sequenceNo > current.nextSequenceNo()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal cannot read from sequenceNo " + sequenceNo
                    + ": it holds sequenceNos 0 to " + (current.nextSequenceNo() - 1));
        }
        return new JournalCursor(readChannels, current, sequenceNo);
    }

    /**
     * Verifies the whole journal as of this call: every segment's header, every record's CRC32C and sequenceNo,
     * contiguity across segments. Reads everything once; thread-safe, concurrent with appends.
     *
     * @throws LedgerException CORRUPTION naming the first bad sequenceNo (or the file with a bad header);
     *                         UNAVAILABLE on I/O failure or when closed
     */
    public void verifyAll() {
        ensureOpen();
        JournalState current = state;
        for (SegmentFile segment : current.segments()) {
            readChannels.verifyHeader(segment);
        }
        JournalCursor cursor = new JournalCursor(readChannels, current, 0);
        while (cursor.hasNext()) {
            cursor.next();
        }
    }

    /** Segment files of the journal as of this call. */
    public int segmentCount() {
        return state.segments().size();
    }

    /**
     * Bytes of all segment files, including an append in progress. Costs one file-size lookup per segment.
     *
     * @throws LedgerException UNAVAILABLE on I/O failure or when closed
     */
    public long sizeBytes() {
        ensureOpen();
        long total = 0;
        for (SegmentFile segment : state.segments()) {
            try {
                total += Files.size(segment.path());
            } catch (IOException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot size journal segment " + segment.path(), e);
            }
        }
        return total;
    }

    /** The journal's directory, as given to {@link #open}. */
    public Path directory() {
        return directory.path();
    }

    /**
     * Closes files and releases the directory's lock; later calls fail with UNAVAILABLE, and so do reads in
     * flight. Idempotent. Does not wait for an append in progress, which then fails.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        List<AutoCloseable> resources = appender == null ? List.of(readChannels, directory)
                : List.of(appender, readChannels, directory);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        if (failure != null) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "closing journal " + directory.path() + " failed",
                    failure);
        }
    }

    /** Data forces so far; one per non-empty append batch. Package-private, for tests of the force-once contract. */
    long dataForceCount() {
        return appender == null ? 0 : appender.dataForceCount();
    }

    private void validate(List<byte[]> payloads) {
        if (payloads == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal append needs a list of payloads");
        }
        int i = 0;
        for (byte[] payload : payloads) {
            if (payload == null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal append: payload " + i + " is null");
            }
            if (payload.length > RecordFormat.MAX_PAYLOAD_LENGTH) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal append: payload " + i + " has "
                        + payload.length + " bytes, more than the maximum " + RecordFormat.MAX_PAYLOAD_LENGTH);
            }
            i++;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "journal " + directory.path() + " is closed");
        }
    }

    private void closeAfterFailure(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(AutoCloseable resource, Throwable failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
