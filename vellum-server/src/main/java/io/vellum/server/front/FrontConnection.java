package io.vellum.server.front;

import io.vellum.server.http.BodyRefusals;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection on its own platform thread: waits for a request with a blocking read, parses its head
 * ({@link RequestHeadParser}), routes it, reads its body ({@link BodyReader}), lets the dispatch serve it and writes
 * the answer ({@link ResponseWriter}), then waits for the next (keep-alive) until the client asks to close, the idle
 * timeout passes with no request (closed without an answer), or the front stops. A refused request is answered and
 * the connection closed ({@link #closeLingering}). Thread-safe where it meets the front's stop ({@link #closeIfIdle},
 * {@link #forceClose}); everything else runs on the connection's thread.
 */
final class FrontConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(FrontConnection.class);
    private static final int INPUT_BUFFER_BYTES = 16 << 10;
    private static final int OUTPUT_BUFFER_BYTES = 16 << 10;
    /** After a refusal, how long unread input is drained so the client can read the answer (not a reset). */
    private static final long LINGER_MILLIS = 2_000;

    private final Socket socket;
    /** The accepted TCP socket: {@link #socket} itself, or the one TLS is layered on. */
    private final Socket tcp;
    private final InetAddress peer;
    private final ThreadPerConnectionFront front;
    private final RequestRoutes routes;
    private final ConnectionLimits limits;
    /** The largest body the dispatch takes ({@link RequestRoutes#maximumBodyBytes()}). */
    private final int maximumBodyBytes;
    /** Whether chunked bodies are read ({@link RequestRoutes#acceptsChunkedBodies()}) rather than refused (411). */
    private final boolean chunkedBodies;
    /** When the write in progress began ({@link System#nanoTime()}), or 0 when none is: the watchdog reads it. */
    private volatile long writeStartedNanos;
    /** When the read in progress began ({@link System#nanoTime()}), or 0 when none is: the watchdog reads it. */
    private volatile long readStartedNanos;
    /** The watchdog ended the read in progress: it had waited for the idle timeout ({@link WatchedInput}). */
    private volatile boolean readTimedOut;
    /** Guarded by this: waiting for a request's first byte (the stop may close the connection then). */
    private boolean idle;
    /** Guarded by this: the stop closed the connection. */
    private boolean closedByStop;

    /** @param tcp the accepted socket {@code socket} is (or TLS is layered on) */
    FrontConnection(Socket socket, Socket tcp, InetAddress peer, ThreadPerConnectionFront front,
                    RequestRoutes routes, ConnectionLimits limits) {
        this.socket = socket;
        this.tcp = tcp;
        this.peer = peer;
        this.front = front;
        this.routes = routes;
        this.limits = limits;
        this.maximumBodyBytes = routes.maximumBodyBytes();
        this.chunkedBodies = routes.acceptsChunkedBodies();
    }

    @Override
    public void run() {
        try {
            if (socket != tcp) {
                // TLS: a shut-down input would end the TLS session, not just the read (no 408 could follow), so a
                // TLS connection keeps the read timeout; its reads cost more than the timed path's system calls.
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis()));
            }
            socket.setTcpNoDelay(true);
            ConnectionInput input = new ConnectionInput(new WatchedInput(socket.getInputStream()),
                    INPUT_BUFFER_BYTES);
            ResponseWriter writer = new ResponseWriter(new BufferedOutputStream(new WatchedOutput(
                    socket.getOutputStream()), OUTPUT_BUFFER_BYTES));
            while (becomeIdle()) {
                try {
                    if (!input.awaitRequest()) {
                        return; // the client closed its keep-alive connection
                    }
                } catch (SocketTimeoutException idleTimeout) {
                    return; // no request within the idle timeout: closed without an answer, as Jetty does
                }
                if (!becomeBusy() || !serve(input, writer)) {
                    return;
                }
            }
        } catch (EOFException | java.net.SocketException gone) {
            LOG.debug("Connection from {} ended: {}", socket.getRemoteSocketAddress(), gone.toString());
        } catch (IOException e) {
            LOG.debug("Connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException | StackOverflowError e) {
            // A streaming body that failed after its headers went out: nothing can be answered; drop the connection.
            LOG.warn("Connection from {} dropped after an unexpected failure", socket.getRemoteSocketAddress(), e);
        } finally {
            closeQuietly();
            front.ended(this);
        }
    }

    /** Serves one request whose first byte arrived; false when the connection must close. */
    private boolean serve(ConnectionInput input, ResponseWriter writer) throws IOException {
        long headDeadline = System.nanoTime() + limits.idleTimeout().toNanos();
        RequestHead head;
        try {
            head = RequestHeadParser.parse(input, headDeadline, chunkedBodies);
        } catch (FrontRefusal refusal) {
            LOG.debug("Request from {} refused ({}): {}", socket.getRemoteSocketAddress(), refusal.status(),
                    refusal.getMessage());
            writer.write(routes.refuseUnrouted(refusal.status(), false), false, true, false);
            closeLingering(input, Math.max(1L << 20, maximumBodyBytes));
            return false;
        } catch (SocketTimeoutException slowHead) {
            writer.write(routes.refuseUnrouted(408, false), false, true, false);
            return false;
        }
        long bodyStart = System.nanoTime();
        RequestTarget target = head.target();
        RoutedRequest route = routes.route(head.method(), target.rawPath(), target.decodedPath(), target.rawQuery(),
                head.headers());
        BodyRefusals refusals = new BodyRefusals(route, maximumBodyBytes, limits);
        boolean headRequest = head.method().equals("HEAD");
        if (head.contentLength() > maximumBodyBytes) {
            writer.write(refusals.tooLarge(head.contentLength() + " bytes"), headRequest, true, head.http10());
            closeLingering(input, head.expectContinue() ? 0 : Math.min(head.contentLength(), drainedBytes()));
            return false;
        }
        if (head.expectContinue() && (head.contentLength() > 0 || head.chunked())) {
            writer.writeContinue();
        }
        byte[] body;
        try {
            body = head.chunked() ? BodyReader.readChunked(input, maximumBodyBytes, refusals, bodyStart)
                    : BodyReader.read(input, (int) head.contentLength(), refusals, bodyStart);
        } catch (BodyReader.Refused refused) {
            writer.write(refused.answer(), headRequest, true, head.http10());
            if (refused.moreToCome()) {
                closeLingering(input, drainedBytes());
            }
            return false;
        }
        HttpResponse response = route.handle(body);
        boolean close = head.close() || front.stopping() || "close".equalsIgnoreCase(response.headers()
                .get("Connection"));
        writer.write(response, headRequest, close, head.http10());
        return !close;
    }

    /**
     * How much of a refused body is drained at most: four times the limit, and at least 1 MiB (a small limit, such as
     * the wallet's 16 KiB, would otherwise reset a client still sending an ordinary large body before it reads its
     * 413; Jetty's wallet handler drained as much).
     */
    private long drainedBytes() {
        return Math.max(1L << 20, 4L * maximumBodyBytes);
    }

    /**
     * Closes after a refusal without a reset: stops sending, then reads and drops up to {@code unread} bytes the
     * client may still be sending (at most {@value #LINGER_MILLIS} ms), so its answer is not lost to a reset.
     */
    private void closeLingering(ConnectionInput input, long unread) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout((int) LINGER_MILLIS);
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000;
            long left = unread + INPUT_BUFFER_BYTES;
            while (left > 0 && System.nanoTime() < deadline) {
                long skipped = input.skip(Math.min(left, INPUT_BUFFER_BYTES));
                if (skipped < Math.min(left, INPUT_BUFFER_BYTES)) {
                    break; // end of stream
                }
                left -= skipped;
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Lingering close of {}: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    private synchronized boolean becomeIdle() {
        if (front.stopping() || closedByStop) {
            return false;
        }
        idle = true;
        return true;
    }

    private synchronized boolean becomeBusy() {
        if (closedByStop) {
            return false;
        }
        idle = false;
        return true;
    }

    /** Closes the connection if it waits for a request; one serving a request closes after its answer. */
    synchronized void closeIfIdle() {
        if (idle && !closedByStop) {
            closedByStop = true;
            closeTcp();
        }
    }

    /** Closes the connection whatever it is doing (the graceful stop's time is up). */
    void forceClose() {
        synchronized (this) {
            closedByStop = true;
        }
        closeTcp();
    }

    /**
     * Closes the TCP socket under TLS too: the blocked read fails at once, where closing the TLS socket from another
     * thread would first try to send close_notify to a peer that may not be reading.
     */
    private void closeTcp() {
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("Closing a connection: {}", e.toString());
        }
    }

    /**
     * Whether a write has been blocked for longer than {@code limitNanos} (the client stopped reading): blocking
     * sockets have no write timeout, so the front's watchdog closes such a connection, as Jetty's idle timeout did.
     */
    boolean writeStalled(long nowNanos, long limitNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > limitNanos;
    }

    /**
     * Whether a read on a plain connection has waited longer than {@code limitNanos} (no request, or a stalled head
     * or body). Plain connections have no read timeout of their own: the JDK serves a read with a timeout as a
     * non-blocking read, {@code poll} and read, switching the socket between non-blocking and blocking mode around
     * each read and write (four {@code fcntl} calls per request, measured), where a plain blocking read is one
     * system call. TLS connections keep the socket's read timeout.
     */
    boolean readStalled(long nowNanos, long limitNanos) {
        long started = readStartedNanos;
        return socket == tcp && started != 0 && nowNanos - started > limitNanos;
    }

    /**
     * Ends the stalled read ({@link #readStalled}) as a read timeout would: the input is shut down, which wakes the
     * blocked read, and {@link WatchedInput} turns what it then returns into a {@link SocketTimeoutException}, so the
     * connection answers exactly as it did with a read timeout (no request: closed silently; within a head or a
     * body: 408).
     */
    void endStalledRead() {
        readTimedOut = true;
        try {
            tcp.shutdownInput();
        } catch (IOException e) {
            LOG.debug("Ending a stalled read: {}", e.toString());
            closeTcp();
        }
    }

    /**
     * The socket's input, each read timed for {@link #readStalled}; a read the watchdog ended
     * ({@link #endStalledRead}) throws {@link SocketTimeoutException}, as a read timeout would.
     */
    private final class WatchedInput extends java.io.InputStream {
        private final java.io.InputStream in;

        WatchedInput(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            readStartedNanos = System.nanoTime() | 1; // never 0 while reading
            int read;
            try {
                read = in.read(bytes, offset, length);
            } catch (IOException e) {
                if (readTimedOut) {
                    throw new SocketTimeoutException("no bytes for the idle timeout");
                }
                throw e;
            } finally {
                readStartedNanos = 0;
            }
            if (read < 0 && readTimedOut) {
                throw new SocketTimeoutException("no bytes for the idle timeout");
            }
            return read;
        }
    }

    /** The socket's output, each write timed for {@link #writeStalled}. */
    private final class WatchedOutput extends java.io.OutputStream {
        private final java.io.OutputStream out;

        WatchedOutput(java.io.OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writeStartedNanos = System.nanoTime() | 1; // never 0 while writing
            try {
                out.write(bytes, offset, length);
            } finally {
                writeStartedNanos = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            writeStartedNanos = System.nanoTime() | 1;
            try {
                out.flush();
            } finally {
                writeStartedNanos = 0;
            }
        }
    }

    /** The socket's read timeout in milliseconds: 0 (none) on a plain connection, the idle timeout under TLS. */
    int readTimeoutMillis() throws IOException {
        return socket.getSoTimeout();
    }

    /** The remote address the connection was admitted for. */
    InetAddress peer() {
        return peer;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a connection: {}", e.toString());
        }
    }
}
