package io.vellum.server.cluster;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends a request on to another node exactly as the client signed it: same method, same request target (still
 * percent-encoded), the same headers — {@code Host}, {@code X-Amz-Date} and {@code Authorization} included — and the
 * same body, so the receiving node verifies the client's own SigV4 signature (every node holds the cluster's shared
 * key pair). Only hop-by-hop headers are dropped, {@code Content-Length} is set and {@value
 * io.vellum.server.http.RequestForwarding#FORWARDED_HEADER} added (not a signed header, so the signature still holds).
 *
 * <p>Plain HTTP/1.1 ({@code java.net.http} cannot send another {@code Host} than the one it connects to) over
 * persistent connections: after a complete answer that does not say {@code Connection: close}, the connection is
 * kept for the next forward to the same node (at most {@value #MAXIMUM_IDLE_PER_NODE} idle per node, each for at most
 * 10 s). A request whose pooled connection the node had closed already — no answer byte came — is sent once more on
 * a new connection: the node never read it. HTTPS uses the JVM's default trust store.
 *
 * <p>Every forward is registered under its ledger and target node while it runs, so that {@link #abort} can end the
 * forwards to a writer that was deposed: a paused writer's kernel still accepts connections and requests, which
 * would otherwise wait for the read timeout although another node writes the ledger already. Thread-safe.
 */
final class HttpForwarder {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "proxy-authorization", "proxy-authenticate", "trailer", "content-length", "expect");
    private static final int MAXIMUM_RESPONSE_BYTES = 64 << 20;
    /** Idle connections kept per node: about the forwards a node runs to one writer at a time under load. */
    private static final int MAXIMUM_IDLE_PER_NODE = 16;
    /** Well below a Vellum server's idle timeout (30 s), so a pooled connection is rarely closed under it. */
    private static final long MAXIMUM_IDLE_NANOS = 10_000_000_000L;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<Target, Set<Forward>> inFlight = new ConcurrentHashMap<>();
    private final Map<URI, Deque<Connection>> idle = new ConcurrentHashMap<>();

    HttpForwarder(int connectTimeoutMillis, int readTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * The forwarding read timeout of a cluster whose writer election uses {@code sessionTimeoutMillis}: twice the
     * session. A writer that stops answering for longer than its session is deposed, and {@link #abort} ends the
     * forwards to it as soon as the new writer is known; this bound covers the case where no new writer appears (a
     * writer cut off from the clients but not from Kafka), so a client waits at most this long, not a minute.
     */
    static int readTimeoutForSession(long sessionTimeoutMillis) {
        return (int) Math.min(Integer.MAX_VALUE, 2 * sessionTimeoutMillis);
    }

    /**
     * The other node's answer, for a request of {@code ledger} sent to that ledger's writer {@code node}.
     *
     * @param stillWriter asked once the forward is registered: false when the ledger's writer changed meanwhile
     *                    (then the forward is aborted at once, as {@link #abort} would have done)
     * @throws Aborted     when {@link #abort} ended it: the ledger's writer is another node now
     * @throws NotDelivered when no connection to the node could be opened: the request was not sent
     * @throws IOException when the node cannot be reached, does not answer within the read timeout, or answers
     *                     something that is not HTTP/1.1
     */
    HttpResponse forward(URI node, String ledger, BooleanSupplier stillWriter, HttpRequest request, String rawTarget,
            String forwardedBy) throws IOException {
        Target target = new Target(ledger, node);
        Forward forward = new Forward();
        inFlight.compute(target, (key, running) -> {
            Set<Forward> forwards = running == null ? ConcurrentHashMap.newKeySet() : running;
            forwards.add(forward);
            return forwards;
        });
        try {
            // Registered before the check: an abort that comes after it closes this forward's connection, one that
            // came before changed the writer first, which the check sees.
            if (!stillWriter.getAsBoolean()) {
                throw new Aborted("the writer of ledger " + ledger + " changed before the request was sent");
            }
            byte[] head = head(request, rawTarget, forwardedBy);
            Connection pooled = idleConnection(node);
            if (pooled != null) {
                try {
                    return exchange(forward, pooled, node, head, request.body());
                } catch (StaleConnection e) {
                    // The node closed the idle connection before this request reached it (it answered nothing):
                    // sending it again on a new connection cannot apply it twice.
                }
            }
            return exchange(forward, connect(forward, node), node, head, request.body());
        } catch (IOException e) {
            if (forward.aborted && !(e instanceof Aborted)) {
                throw new Aborted("the forward to " + node + " was aborted: ledger " + ledger
                        + " has another writer now");
            }
            throw e;
        } finally {
            inFlight.computeIfPresent(target, (key, running) -> {
                running.remove(forward);
                return running.isEmpty() ? null : running;
            });
        }
    }

    /** The other node's answer, outside any ledger (nothing can abort it). */
    HttpResponse forward(URI node, HttpRequest request, String rawTarget, String forwardedBy) throws IOException {
        return forward(node, "", () -> true, request, rawTarget, forwardedBy);
    }

    /**
     * Ends every forward of {@code ledger}'s requests to {@code node} now running: each throws {@link Aborted}
     * (the request may or may not have reached the node; a client retries it as it retries any lost answer).
     *
     * @return how many were ended
     */
    int abort(String ledger, URI node) {
        Set<Forward> running = inFlight.get(new Target(ledger, node));
        if (running == null) {
            return 0;
        }
        // Counted while aborting: an aborted forward wakes at once and leaves the set, so its size afterwards can
        // already be smaller than what was ended.
        int aborted = 0;
        for (Forward forward : running) {
            forward.abort();
            aborted++;
        }
        return aborted;
    }

    /** Forwards of {@code ledger}'s requests to {@code node} now running. */
    int inFlight(String ledger, URI node) {
        Set<Forward> running = inFlight.get(new Target(ledger, node));
        return running == null ? 0 : running.size();
    }

    /** Connections to {@code node} kept open for the next forward. */
    int idleConnections(URI node) {
        Deque<Connection> connections = idle.get(node);
        return connections == null ? 0 : connections.size();
    }

    private Connection idleConnection(URI node) {
        Deque<Connection> connections = idle.get(node);
        long now = System.nanoTime();
        for (Connection connection = connections == null ? null : connections.pollLast(); connection != null;
                connection = connections.pollLast()) {
            if (now - connection.idleSince < MAXIMUM_IDLE_NANOS && !connection.socket.isClosed()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void release(URI node, Connection connection) {
        connection.idleSince = System.nanoTime();
        Deque<Connection> connections = idle.computeIfAbsent(node, key -> new ConcurrentLinkedDeque<>());
        connections.addLast(connection);
        while (connections.size() > MAXIMUM_IDLE_PER_NODE) {
            Connection oldest = connections.pollFirst();
            if (oldest == null) {
                break;
            }
            oldest.close();
        }
    }

    private Connection connect(Forward forward, URI node) throws IOException {
        Socket socket = "https".equals(node.getScheme()) ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            forward.use(socket);
            socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            if (e instanceof Aborted) {
                throw e;
            }
            // Refused, unreachable, connect timeout, unknown host: nothing of the request was sent.
            throw new NotDelivered(node, e);
        }
    }

    /**
     * Sends the request on {@code connection} and reads the answer; keeps the connection for the next forward when
     * the answer allows, else closes it.
     *
     * @throws StaleConnection when a pooled connection was closed by the node before any answer byte
     */
    private HttpResponse exchange(Forward forward, Connection connection, URI node, byte[] head, byte[] body)
            throws IOException {
        boolean pooled = connection.exchanges > 0;
        boolean keep = false;
        try {
            forward.use(connection.socket);
            OutputStream out = connection.socket.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
                connection.in.mark(1);
                if (connection.in.read() == -1) {
                    throw new StaleConnection();
                }
                connection.in.reset();
            } catch (StaleConnection e) {
                if (pooled) {
                    throw e;
                }
                throw new IOException("connection closed before the answer began");
            } catch (java.net.SocketException e) {
                // reset or broken pipe before any answer byte: on a pooled connection, the node had closed it
                if (pooled && !forward.aborted) {
                    throw new StaleConnection();
                }
                throw e;
            }
            Answer answer = answer(connection.in);
            connection.exchanges++;
            keep = answer.keepAlive() && !forward.aborted;
            return answer.response();
        } finally {
            forward.use(null);
            if (keep) {
                release(node, connection);
            } else {
                connection.close();
            }
        }
    }

    private static byte[] head(HttpRequest request, String rawTarget, String forwardedBy) {
        StringBuilder head = new StringBuilder(512);
        head.append(request.method()).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey()) && !header.getKey().equals(
                    io.vellum.server.http.RequestForwarding.FORWARDED_HEADER)) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        head.append(io.vellum.server.http.RequestForwarding.FORWARDED_HEADER).append(": ").append(forwardedBy)
                .append("\r\n");
        head.append("content-length: ").append(request.body().length).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A forward ended because its ledger's writer changed: the client may retry at once. */
    static final class Aborted extends IOException {
        Aborted(String message) {
            super(message);
        }
    }

    /**
     * The node could not be connected to (refused, unreachable, connect timeout, unknown host): the request was not
     * sent, so it may go to another node without being applied twice.
     */
    static final class NotDelivered extends IOException {
        NotDelivered(URI node, IOException cause) {
            super("could not connect to " + node + ": " + cause.getMessage(), cause);
        }
    }

    /** A pooled connection the node had closed before this request reached it. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("the pooled connection was closed by the node");
        }
    }

    private record Target(String ledger, URI node) {
    }

    /** One running forward and the socket it uses now; identity matters (two equal requests are two forwards). */
    private static final class Forward {
        private volatile Socket socket;
        volatile boolean aborted;

        /** The socket this forward waits on; closed at once when the forward was aborted meanwhile. */
        void use(Socket current) throws IOException {
            socket = current;
            if (current != null && aborted) {
                current.close();
                throw new Aborted("the forward was aborted");
            }
        }

        void abort() {
            aborted = true;
            Socket current = socket;
            if (current != null) {
                try {
                    current.close(); // a thread blocked in connect or read on it throws at once
                } catch (IOException e) {
                    // closing a socket that failed is all that was wanted
                }
            }
        }
    }

    /** An open connection to a node, with the reader of its answers. */
    private static final class Connection {
        final Socket socket;
        final BufferedInputStream in;
        int exchanges;
        long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** An answer, and whether its connection may carry the next request. */
    private record Answer(HttpResponse response, boolean keepAlive) {
    }

    static HttpResponse read(InputStream in) throws IOException {
        return answer(in).response();
    }

    private static Answer answer(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer");
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        long length = -1;
        boolean chunked = false;
        boolean close = !parts[0].equals("HTTP/1.1");
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (lower.equals("connection")) {
                close |= value.toLowerCase(Locale.ROOT).contains("close");
            } else if (!HOP_BY_HOP.contains(lower) && !lower.equals("date") && !lower.equals("server")) {
                headers.merge(name, value, (first, second) -> first + ", " + second);
            }
        }
        byte[] body;
        if (chunked) {
            body = chunks(in);
        } else if (length >= 0) {
            if (length > MAXIMUM_RESPONSE_BYTES) {
                throw new IOException("answer too large");
            }
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("answer cut short");
            }
        } else {
            body = in.readNBytes(MAXIMUM_RESPONSE_BYTES);
            close = true; // the answer ended with the connection
        }
        return new Answer(new HttpResponse(code, headers, body), !close);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!line(in).isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            if (body.size() + length > MAXIMUM_RESPONSE_BYTES) {
                throw new IOException("answer too large");
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 16_384) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        throw new IOException("connection closed before the answer was complete");
    }
}
