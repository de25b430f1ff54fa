package io.vellum.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of records at the end of the last segment and forces them; starts new segments.
 *
 * <p>A batch is never split across segments: when it would push the current segment past the size limit, a new
 * segment is started first (unless the current one holds no record yet). So every batch costs exactly one data
 * force, and a torn batch can only ever sit at the very end of the last segment, where opening truncates it. The
 * price: a segment exceeds the limit when a single batch alone is larger than the limit.
 *
 * <p>A new segment is created only after every earlier batch was forced (each acknowledged batch was, and a
 * failed one closes the journal), so every segment but the last is complete on disk; that is what lets opening
 * scan only the last segment.
 *
 * <p>Not thread-safe: used by the journal's single writer only.
 */
final class SegmentAppender implements AutoCloseable {
    /** What one batch produced. */
    record AppendedBatch(List<JournalPosition> positions, Optional<SegmentFile> createdSegment) {
    }

    /**
     * Upper bound of one write call's buffer. Batches are written with as few calls as possible, but a heap buffer
     * written to a channel is copied into a temporary direct buffer that the JDK caches per thread, so unbounded
     * buffers would pin that much native memory in the writer thread.
     */
    static final int MAX_WRITE_BYTES = 4 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(SegmentAppender.class);

    private final JournalDirectory directory;
    private final long segmentSizeLimit;
    private final AtomicLong dataForces = new AtomicLong();
    private SegmentFile segment;
    private FileChannel channel;
    private long endOffset;

    /**
     * @param segment   the last segment, already validated
     * @param channel   the last segment open for writing; owned by this appender from now on
     * @param endOffset where its valid records end
     */
    SegmentAppender(JournalDirectory directory, long segmentSizeLimit, SegmentFile segment, FileChannel channel,
                    long endOffset) {
        this.directory = directory;
        this.segmentSizeLimit = segmentSizeLimit;
        this.segment = segment;
        this.channel = channel;
        this.endOffset = endOffset;
    }

    /**
     * Writes {@code payloads} as records {@code firstSequenceNo}, {@code firstSequenceNo + 1}, … and forces them.
     * On failure the records of this batch are cut off again where possible (best effort; opening truncates a torn
     * tail anyway), and this appender must not be used any more.
     *
     * @param payloads non-empty; each at most {@link RecordFormat#MAX_PAYLOAD_LENGTH} bytes
     * @return the records' positions, valid only once this returns (the data is on disk then)
     */
    AppendedBatch append(long firstSequenceNo, List<byte[]> payloads) throws IOException {
        long batchBytes = 0;
        for (byte[] payload : payloads) {
            batchBytes += RecordFormat.OVERHEAD + payload.length;
        }
        Optional<SegmentFile> created = Optional.empty();
        if (endOffset > SegmentHeader.SIZE && endOffset + batchBytes > segmentSizeLimit) {
            startSegment(firstSequenceNo);
            created = Optional.of(segment);
        }
        long batchStart = endOffset;
        try {
            List<JournalPosition> positions = write(firstSequenceNo, payloads);
            channel.force(false); // fdatasync: also persists the grown file size, which reading the data needs
            dataForces.incrementAndGet();
            return new AppendedBatch(positions, created);
        } catch (IOException | RuntimeException | Error e) {
            endOffset = batchStart;
            discardFrom(batchStart, e);
            throw e;
        }
    }

    private List<JournalPosition> write(long firstSequenceNo, List<byte[]> payloads) throws IOException {
        List<JournalPosition> positions = new ArrayList<>(payloads.size());
        int next = 0;
        while (next < payloads.size()) {
            // Gather as many records as fit one write buffer (at least one, however large).
            int end = next;
            long bytes = 0;
            while (end < payloads.size()) {
                long recordBytes = RecordFormat.OVERHEAD + payloads.get(end).length;
                if (end > next && bytes + recordBytes > MAX_WRITE_BYTES) {
                    break;
                }
                bytes += recordBytes;
                end++;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) bytes);
            for (int i = next; i < end; i++) {
                byte[] payload = payloads.get(i);
                positions.add(new JournalPosition(segment.firstSequenceNo(), endOffset + buffer.position(),
                        payload.length));
                RecordFormat.encode(buffer, firstSequenceNo + i, payload);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer, endOffset + buffer.position());
            }
            endOffset += bytes;
            next = end;
        }
        return positions;
    }

    private void startSegment(long firstSequenceNo) throws IOException {
        SegmentFile next = directory.createSegment(firstSequenceNo);
        FileChannel nextChannel = FileChannel.open(next.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel previous = channel;
        segment = next;
        channel = nextChannel;
        endOffset = SegmentHeader.SIZE;
        previous.close(); // its data was forced by the batch that wrote it
    }

    /** Best effort: cut an unacknowledged, possibly partial batch off so it cannot resurface after a restart. */
    private void discardFrom(long batchStart, Throwable failure) {
        try {
            channel.truncate(batchStart);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Journal segment {}: could not cut off a failed append at byte offset {} ({}); opening the "
                    + "journal again will truncate whatever of it is torn", segment.path(), batchStart, e.toString());
        }
    }

    /** Number of data forces so far: one per appended batch. For tests of the force-once contract. */
    long dataForceCount() {
        return dataForces.get();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
