package io.vellum.server.nativeapi;

import io.vellum.engine.Ledger;
import io.vellum.kafka.SseStream;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open Server-Sent Event streams of {@code GET /v1/ledgers/{name}/stream} ({@link SseStream}), so that they can be
 * ended from outside: when their ledger is deleted ({@link #closeLedger}) and when the server stops ({@link #close}).
 * Without that a stream would outlive its ledger (the engine's block follower stops quietly when a ledger closes,
 * and the stream would send heartbeats forever) and hold the server's graceful stop for its full timeout.
 *
 * <p>Each open stream occupies one of the server's request threads for as long as the client listens (the body is
 * written on the request's thread; heartbeats every 15 s notice a client that went away). At most
 * {@value #MAXIMUM_OPEN_STREAMS} are open at once, so ordinary requests always find threads; more are refused with
 * 503 UNAVAILABLE. Ending a stream closes it and interrupts its writing thread (it is waiting for the next block or
 * heartbeat), so it ends at once; the interrupt is cleared before the thread goes back to the server.
 *
 * <p>Thread-safe.
 */
public final class LedgerEventStreams implements AutoCloseable {
    /** Open streams at most: a quarter of the server's request threads. */
    public static final int MAXIMUM_OPEN_STREAMS = 64;

    /** Guarded by {@code this}. */
    private final List<OpenStream> open = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    /** One client's stream; {@code writer} is the request thread while it writes. Guarded by the registry. */
    private static final class OpenStream {
        final String ledgerName;
        final SseStream events;
        Thread writer;
        boolean stopped;

        OpenStream(String ledgerName, SseStream events) {
            this.ledgerName = ledgerName;
            this.events = events;
        }
    }

    /**
     * A 200 {@code text/event-stream} response that sends the blocks of {@code ledger} from {@code fromSequenceNo} on
     * until the client goes away, the ledger is deleted or the server stops.
     *
     * @throws LedgerException UNAVAILABLE when the server is stopping or {@value #MAXIMUM_OPEN_STREAMS} streams are
     *                         open
     */
    HttpResponse open(String ledgerName, Ledger ledger, long fromSequenceNo) {
        OpenStream stream = new OpenStream(ledgerName, new SseStream(ledger, fromSequenceNo));
        synchronized (this) {
            if (closed) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "the server is shutting down");
            }
            if (open.size() >= MAXIMUM_OPEN_STREAMS) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, MAXIMUM_OPEN_STREAMS + " event streams are open, "
                        + "the most this server serves at once; retry later");
            }
            open.add(stream);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        headers.put("Cache-Control", "no-cache");
        // Reverse proxies such as nginx would otherwise buffer the events.
        headers.put("X-Accel-Buffering", "no");
        headers.put(RequestIds.HEADER, RequestIds.next());
        return HttpResponse.streaming(headers, out -> write(stream, out));
    }

    private void write(OpenStream stream, OutputStream out) throws IOException {
        synchronized (this) {
            if (stream.stopped) {
                open.remove(stream);
                return;
            }
            stream.writer = Thread.currentThread();
        }
        try {
            stream.events.writeTo(out);
        } finally {
            synchronized (this) {
                stream.writer = null;
                open.remove(stream);
            }
            // Interrupts come only from stop(), under the lock while writer is set: none can follow this line.
            Thread.interrupted();
            stream.events.close();
        }
    }

    /** Ends every open stream of {@code ledgerName} (before the ledger is deleted). */
    public void closeLedger(String ledgerName) {
        List<OpenStream> stopping = new ArrayList<>();
        synchronized (this) {
            for (OpenStream stream : open) {
                if (stream.ledgerName.equals(ledgerName)) {
                    stopping.add(stop(stream));
                }
            }
        }
        stopping.forEach(stream -> stream.events.close());
    }

    /** Streams open now. */
    public synchronized int openStreams() {
        return open.size();
    }

    /** Ends every open stream and refuses new ones (before the server stops its HTTP connector). */
    @Override
    public void close() {
        List<OpenStream> stopping = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (OpenStream stream : open) {
                stopping.add(stop(stream));
            }
        }
        stopping.forEach(stream -> stream.events.close());
    }

    /**
     * Marks a stream stopped and interrupts its writer, under the lock (see {@link #write}). Closing its
     * {@link SseStream} waits for the block follower, so callers do that after releasing the lock.
     */
    private OpenStream stop(OpenStream stream) {
        stream.stopped = true;
        if (stream.writer != null) {
            stream.writer.interrupt();
        }
        return stream;
    }
}
