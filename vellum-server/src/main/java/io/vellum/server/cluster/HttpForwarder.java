package io.vellum.server.cluster;

import io.vellum.server.HttpRequest;
import io.vellum.server.HttpResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends a request on to another node exactly as the client signed it: same method, same request target (still
 * percent-encoded), the same headers — {@code Host}, {@code X-Amz-Date} and {@code Authorization} included — and the
 * same body, so the receiving node verifies the client's own SigV4 signature (every node holds the cluster's shared
 * key pair). Only hop-by-hop headers are dropped, {@code Content-Length} is set and {@value
 * io.vellum.server.RequestForwarding#FORWARDED_HEADER} added (not a signed header, so the signature still holds).
 *
 * <p>Plain HTTP/1.1 over one connection per request ({@code Connection: close}); {@code java.net.http} cannot send
 * another {@code Host} than the one it connects to. HTTPS uses the JVM's default trust store.
 *
 * <p>Every forward is registered under its ledger and target node while it runs, so that {@link #abort} can end the
 * forwards to a writer that was deposed: a paused writer's kernel still accepts connections and requests, which
 * would otherwise wait for the read timeout although another node writes the ledger already. Thread-safe.
 */
final class HttpForwarder {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "proxy-authorization", "proxy-authenticate", "trailer", "content-length", "expect");
    private static final int MAXIMUM_RESPONSE_BYTES = 64 << 20;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final Map<Target, Set<Forward>> inFlight = new ConcurrentHashMap<>();

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
     * @throws IOException when the node cannot be reached, does not answer within the read timeout, or answers
     *                     something that is not HTTP/1.1
     */
    HttpResponse forward(URI node, String ledger, BooleanSupplier stillWriter, HttpRequest request, String rawTarget,
            String forwardedBy) throws IOException {
        Target target = new Target(ledger, node);
        Forward forward = new Forward(
                "https".equals(node.getScheme()) ? SSLSocketFactory.getDefault().createSocket() : new Socket());
        inFlight.compute(target, (key, running) -> {
            Set<Forward> forwards = running == null ? ConcurrentHashMap.newKeySet() : running;
            forwards.add(forward);
            return forwards;
        });
        try {
            // Registered before the check: an abort that comes after it closes this socket, one that came before
            // changed the writer first, which the check sees.
            if (!stillWriter.getAsBoolean()) {
                throw new Aborted("the writer of ledger " + ledger + " changed before the request was sent");
            }
            return exchange(forward.socket, node, request, rawTarget, forwardedBy);
        } catch (IOException e) {
            if (forward.aborted && !(e instanceof Aborted)) {
                throw new Aborted("the forward to " + node + " was aborted: ledger " + ledger
                        + " has another writer now");
            }
            throw e;
        } finally {
            forward.socket.close();
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
        int ended = 0;
        for (Forward forward : running) {
            forward.aborted = true;
            try {
                forward.socket.close(); // a thread blocked in connect or read on it throws at once
                ended++;
            } catch (IOException e) {
                // closing a socket that failed is all that was wanted
            }
        }
        return ended;
    }

    /** Forwards of {@code ledger}'s requests to {@code node} now running. */
    int inFlight(String ledger, URI node) {
        Set<Forward> running = inFlight.get(new Target(ledger, node));
        return running == null ? 0 : running.size();
    }

    private HttpResponse exchange(Socket socket, URI node, HttpRequest request, String rawTarget, String forwardedBy)
            throws IOException {
        socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), connectTimeoutMillis);
        socket.setSoTimeout(readTimeoutMillis);
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder(512);
        head.append(request.method()).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey()) && !header.getKey().equals(
                    io.vellum.server.RequestForwarding.FORWARDED_HEADER)) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
        }
        head.append(io.vellum.server.RequestForwarding.FORWARDED_HEADER).append(": ").append(forwardedBy)
                .append("\r\n");
        head.append("content-length: ").append(request.body().length).append("\r\n");
        head.append("connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        out.write(request.body());
        out.flush();
        return read(new BufferedInputStream(socket.getInputStream()));
    }

    /** A forward ended because its ledger's writer changed: the client may retry at once. */
    static final class Aborted extends IOException {
        Aborted(String message) {
            super(message);
        }
    }

    private record Target(String ledger, URI node) {
    }

    /** One running forward; identity matters (two equal requests are two forwards). */
    private static final class Forward {
        final Socket socket;
        volatile boolean aborted;

        Forward(Socket socket) {
            this.socket = socket;
        }
    }

    static HttpResponse read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer");
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        long length = -1;
        boolean chunked = false;
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
        }
        return new HttpResponse(code, headers, body);
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
