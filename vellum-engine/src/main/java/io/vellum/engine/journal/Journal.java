package io.vellum.engine.journal;

import io.vellum.engine.journal.SegmentAppender.AppendedBatch;
import io.vellum.engine.journal.TailRecovery.RecoveredTail;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
 * cuts off a torn tail; any other damage is CORRUPTION, never repaired silently. Earlier segments are verified
 * by header and CRC when read, and all of them by {@link #verifyAll()} (which the ledger runs in the background
 * after every open).
 *
 * <p>Errors are {@link LedgerException}s: CORRUPTION for damaged data (the message names segment file, byte
 * offset and sequenceNo), INVALID_REQUEST for misuse, UNAVAILABLE for I/O failures and a closed journal.
 */
public final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final JournalDirectory directory;
    private final SegmentAppender appender;
    private final SegmentReadChannels readChannels;
    private final AtomicBoolean appending = new AtomicBoolean();
    private volatile JournalState state;
    private volatile boolean closed;

    private Journal(JournalDirectory directory, SegmentAppender appender, JournalState state) {
        this.directory = directory;
        this.appender = appender;
        this.readChannels = new SegmentReadChannels(directory.path().toString());
        this.state = state;
    }

    /**
     * Opens the journal in {@code directory}, creating the directory and an empty journal if there is none.
     *
     * <p>Validates the last segment record by record. A torn or CRC-failing record at its very end (nothing valid
     * after it) is truncated, the file forced, and a warning logged. Damage followed by more valid data, a bad
     * segment header or file name, a gap or non-contiguous sequenceNos are CORRUPTION. Cost: the directory listing
     * plus one pass over the last segment, independent of the journal's length.
     *
     * @param directory    the journal's own directory (segment files and a lock file live there); created if absent
     * @param options      segment size limit for new segments
     * @param durableFloor the highest sequenceNo another durable component already depends on (the state store's
     *                     last applied block), or -1 if none; opening fails with CORRUPTION rather than truncate a
     *                     record at or below it, or when the journal ends before it
     * @return the open journal; it holds the directory's lock until {@link #close()}
     * @throws LedgerException CORRUPTION as above; UNAVAILABLE on I/O failure or when the journal is open already
     *                         (in this or another process); INVALID_REQUEST for null arguments or durableFloor &lt; -1
     */
    public static Journal open(Path directory, JournalOptions options, long durableFloor) {
        if (directory == null || options == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal directory and options are required");
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
            throw new LedgerException(ErrorCode.CORRUPTION, "journal directory " + directory + " does not exist, "
                    + "but another durable component already depends on sequenceNos up to " + durableFloor);
        }
        try {
            journalDirectory = JournalDirectory.openLocked(directory);
            List<SegmentFile> segments = journalDirectory.listSegments();
            if (segments.isEmpty()) {
                if (durableFloor >= 0) {
                    throw new LedgerException(ErrorCode.CORRUPTION, "journal " + directory + " has no segments, "
                            + "but another durable component already depends on sequenceNos up to " + durableFloor);
                }
                segments = List.of(journalDirectory.createSegment(0));
            }
            if (segments.get(0).firstSequenceNo() != 0) {
                throw segments.get(0).corruption("the journal's first segment must start at sequenceNo 0; "
                        + "earlier segments are missing");
            }
            SegmentFile last = segments.get(segments.size() - 1);
            lastChannel = FileChannel.open(last.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            RecoveredTail tail = TailRecovery.recover(lastChannel, last, durableFloor);
            SegmentAppender appender = new SegmentAppender(journalDirectory, options.segmentSizeLimit(), last,
                    lastChannel, tail.endOffset());
            Journal journal = new Journal(journalDirectory, appender, new JournalState(segments,
                    tail.nextSequenceNo()));
            log.info("Opened journal {}: {} segments, next sequenceNo {}, in {} ms", directory, segments.size(),
                    tail.nextSequenceNo(), (System.nanoTime() - started) / 1_000_000);
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
        for (AutoCloseable resource : List.<AutoCloseable>of(appender, readChannels, directory)) {
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
        return appender.dataForceCount();
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
