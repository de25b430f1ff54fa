package io.vellum.kafka;

import io.vellum.engine.BlockFollower;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.error.LedgerException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A ledger's blocks as Server-Sent Events ({@code text/event-stream}), for the native API's
 * {@code GET /v1/ledgers/{name}/stream?fromBlock=N}: the same BLOCK_SUMMARY and REVISION_DETAILS records a Kafka
 * stream carries, as JSON ({@link StreamFormat#JSON}; without {@code qldbStreamArn}, there is no stream), from any
 * block on, then each new block as it commits.
 *
 * <pre>
 * event: BLOCK_SUMMARY
 * data: {"recordType":"BLOCK_SUMMARY","payload":{"blockAddress":{…,"sequenceNo":7},…}}
 *
 * event: REVISION_DETAILS
 * id: 7
 * data: {"recordType":"REVISION_DETAILS","payload":{"tableInfo":{…},"revision":{…}}}
 *
 * : keep-alive
 * </pre>
 *
 * Only the last event of a block carries {@code id: <sequenceNo>}, so a client's last event id always names a block
 * it received completely: a reconnecting client sends it as {@code Last-Event-ID} and {@link #startSequenceNo}
 * resumes at the next block (a block cut off mid-way is sent again whole). A comment line is written every
 * heartbeat interval while no block commits, so proxies keep the connection and a vanished client is noticed.
 *
 * <p>Use: {@code new SseStream(ledger, SseStream.startSequenceNo(lastEventIdHeader, fromBlockParameter))}, then
 * {@link #writeTo} on the request's thread. It returns when the client goes away or {@link #close} is called from
 * another thread; closing the ledger only stops new blocks (the engine's follower ends quietly), so a server closes
 * its open SSE streams before it closes or deletes their ledger. One writer per instance; close is thread-safe.
 */
public final class SseStream implements AutoCloseable {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Blocks read ahead of the client; the follower waits when the client is slower (backpressure). */
    private static final int READ_AHEAD_BLOCKS = 256;

    private final Ledger ledger;
    private final long fromSequenceNo;
    private final Duration heartbeat;
    private final StreamRecords records = new StreamRecords(null);
    private final BlockingQueue<JournalBlock> blocks = new ArrayBlockingQueue<>(READ_AHEAD_BLOCKS);
    private volatile boolean closed;
    private volatile BlockFollower follower;

    public SseStream(Ledger ledger, long fromSequenceNo) {
        this(ledger, fromSequenceNo, DEFAULT_HEARTBEAT);
    }

    public SseStream(Ledger ledger, long fromSequenceNo, Duration heartbeat) {
        if (fromSequenceNo < 0) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "fromBlock must be >= 0, got " + fromSequenceNo);
        }
        this.ledger = ledger;
        this.fromSequenceNo = fromSequenceNo;
        this.heartbeat = heartbeat;
    }

    /**
     * The first block to send: the one after {@code lastEventId} when the client reconnects with a
     * {@code Last-Event-ID} header, else {@code fromBlock} (the query parameter), else 0.
     *
     * @param lastEventId the {@code Last-Event-ID} header, or null
     * @param fromBlock   the {@code fromBlock} query parameter, or null
     * @throws LedgerException INVALID_REQUEST when either is not a non-negative integer
     */
    public static long startSequenceNo(String lastEventId, String fromBlock) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return nonNegative(lastEventId.trim(), "Last-Event-ID") + 1;
        }
        if (fromBlock != null && !fromBlock.isBlank()) {
            return nonNegative(fromBlock.trim(), "fromBlock");
        }
        return 0;
    }

    private static long nonNegative(String text, String name) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, name + " must be a block sequence number, got '" + text
                + "'");
    }

    /**
     * Writes events to {@code out} until {@link #close} is called, the client goes away (an {@link IOException}
     * from {@code out}, thrown on) or reading the journal fails (thrown as the ledger's exception). Flushes after
     * every batch of events. Does not close {@code out}.
     */
    public void writeTo(OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        BlockFollower started = ledger.follow(fromSequenceNo, this::enqueue);
        follower = started;
        try {
            writer.write(": blocks from " + fromSequenceNo + "\n\n");
            writer.flush();
            while (!closed) {
                JournalBlock block = blocks.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (block == null) {
                    if (started.failure() != null) {
                        throw started.failure() instanceof RuntimeException runtime ? runtime
                                : new LedgerException(ErrorCode.UNAVAILABLE, "block follower failed",
                                        started.failure());
                    }
                    writer.write(": keep-alive\n\n");
                } else {
                    do {
                        writeBlock(writer, block);
                        block = blocks.poll();
                    } while (block != null);
                }
                writer.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            started.close();
        }
    }

    private void enqueue(JournalBlock block) {
        try {
            while (!closed && !blocks.offer(block, 100, TimeUnit.MILLISECONDS)) {
                // the client is slower than the ledger: wait for room
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBlock(Writer writer, JournalBlock block) throws IOException {
        List<StreamRecord> blockRecords = records.forBlock(block);
        for (int i = 0; i < blockRecords.size(); i++) {
            StreamRecord record = blockRecords.get(i);
            writer.write("event: ");
            writer.write(record.recordType().name());
            writer.write('\n');
            if (i == blockRecords.size() - 1) {
                writer.write("id: ");
                writer.write(Long.toString(block.blockAddress().sequenceNo()));
                writer.write('\n');
            }
            writer.write("data: ");
            writer.write(record.toJson());
            writer.write("\n\n");
        }
    }

    /** Ends {@link #writeTo} within one heartbeat interval and stops reading the ledger. */
    @Override
    public void close() {
        closed = true;
        BlockFollower current = follower;
        if (current != null) {
            current.close();
        }
    }
}
