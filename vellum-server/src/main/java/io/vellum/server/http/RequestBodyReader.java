package io.vellum.server.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request's whole body without holding a thread while bytes are awaited: the body is read as Jetty
 * delivers it, and only a complete body goes to a worker thread. So a peer that sends headers and then trickles or
 * withholds its body holds a connection and a small buffer, never one of the server's worker threads, and
 * {@code /health} and signed clients keep being served (the slow-client attack this defends against held every
 * worker thread with a few hundred such connections).
 *
 * <p>Refusals, each answered once and the connection then closed: a body larger than the limit (413, after reading
 * and dropping up to four times the limit so the client can read the answer), a body arriving slower than
 * {@link ConnectionLimits#minimumBodyRate()} after the grace period (408), a connection on which nothing arrives for
 * the idle timeout (408, Jetty's idle timeout fails the read), and a body that cannot be read (400).
 *
 * <p>{@code onDone} is called exactly once, with the body or the refusal; see {@link #start} for the thread.
 */
public final class RequestBodyReader {
    /** What reading produced: the whole body, or the answer to give instead. */
    public record Result(byte[] body, HttpResponse refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** The buffer a body starts with; it doubles as bytes arrive, up to the body's size. */
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;

    private final Request request;
    private final int maximumBytes;
    private final BodyRefusals refusals;
    private final Consumer<Result> onDone;
    private final Runnable onContent = Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::readAvailable);
    private final AtomicBoolean done = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private byte[] buffer;
    private int size;
    private long received;
    /** Set once the body is known to be too large: what is said about its size in the 413. */
    private String tooLarge;

    /**
     * @param maximumBytes largest accepted body
     * @param route        gives refusals the error shape of the API the request is for
     */
    public RequestBodyReader(Request request, int maximumBytes, ConnectionLimits limits, RoutedRequest route,
                      Consumer<Result> onDone) {
        this.request = request;
        this.maximumBytes = maximumBytes;
        this.refusals = new BodyRefusals(route, maximumBytes, limits);
        this.onDone = onDone;
        long declared = request.getLength();
        if (declared > maximumBytes) {
            tooLarge = declared + " bytes";
        }
        // Sized by what arrives, not by what is promised: a declared 8 MiB that never comes must not cost 8 MiB.
        this.buffer = new byte[(int) Math.min(declared >= 0 ? declared : INITIAL_BUFFER_BYTES, Math.min(
                INITIAL_BUFFER_BYTES, maximumBytes))];
    }

    /**
     * Reads what has arrived; when the body is all there (the usual case) {@code onDone} runs on this thread before
     * this returns, otherwise later on whichever thread Jetty delivers the last bytes on (a selector thread: the
     * callback must hand blocking work to an executor).
     */
    public void start() {
        readAvailable();
    }

    private void readAvailable() {
        while (!done.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(onContent);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                finish(new Result(null, failure instanceof TimeoutException ? refusals.idle()
                        : refusals.unreadable()));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            int length = bytes.remaining();
            received += length;
            if (tooLarge == null && size + (long) length > maximumBytes) {
                tooLarge = "more than " + maximumBytes + " bytes";
            }
            if (tooLarge == null) {
                if (size + length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maximumBytes, Math.max(size + (long) length,
                            2L * buffer.length)));
                }
                bytes.get(buffer, size, length);
                size += length;
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                finish(tooLarge != null ? tooLargeRefusal() : new Result(size == buffer.length ? buffer
                        : Arrays.copyOf(buffer, size), null));
                return;
            }
            if (tooLarge != null && received > 4L * maximumBytes) {
                finish(tooLargeRefusal());
                return;
            }
            HttpResponse slow = refusals.tooSlow(received, System.nanoTime() - startNanos);
            if (slow != null) {
                finish(new Result(null, slow));
                return;
            }
        }
    }

    private Result tooLargeRefusal() {
        return new Result(null, refusals.tooLarge(tooLarge));
    }

    private void finish(Result result) {
        if (done.compareAndSet(false, true)) {
            buffer = null;
            onDone.accept(result);
        }
    }
}
