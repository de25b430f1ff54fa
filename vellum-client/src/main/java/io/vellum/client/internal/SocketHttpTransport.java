package io.vellum.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The default {@link HttpTransport}: blocking HTTP/1.1 over a pool of keep-alive sockets per origin, TLS for
 * {@code https} (the JDK's default trust store, host name checked). The calling thread does the whole exchange, so a
 * request costs one write and usually one read system call and no hand-off between threads; this halved the
 * client's CPU per Session API request compared with {@link java.net.http.HttpClient} (docs/PERFORMANCE.md).
 *
 * <p>A pooled connection that the server closed while idle is detected when the answer ends before its first byte
 * (the server never read the request) and the request is sent again on another connection. Connections idle longer
 * than {@link #MAXIMUM_IDLE} are not reused. The request timeout bounds each blocking read, not the whole exchange;
 * a thread blocked in a read is not interruptible. Thread-safe.
 */
public final class SocketHttpTransport implements HttpTransport {
    /** Below the 30–60 s idle timeouts of common servers (Vellum's is 60 s), so reuse rarely meets a closed one. */
    static final Duration MAXIMUM_IDLE = Duration.ofSeconds(20);

    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final Map<String, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SocketHttpTransport(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeoutMillis = Math.toIntExact(Objects.requireNonNull(connectTimeout, "connectTimeout").toMillis());
        this.requestTimeoutMillis = Math.toIntExact(Objects.requireNonNull(requestTimeout, "requestTimeout").toMillis());
    }

    @Override
    public HttpAnswer exchange(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException {
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https endpoints are supported, not " + uri);
        }
        String host = SigV4Signer.hostHeader(uri);
        Deque<Http1Connection> pool = idle.computeIfAbsent(scheme + "://" + host, origin -> new ConcurrentLinkedDeque<>());
        while (true) {
            if (closed) {
                throw new IOException("the client is closed");
            }
            Http1Connection connection = freshIdle(pool);
            boolean reused = connection != null;
            if (!reused) {
                connection = connect(uri, scheme.equals("https"));
            }
            try {
                HttpAnswer answer = connection.exchange(method, uri, host, headers, body);
                release(pool, connection);
                return answer;
            } catch (Http1Connection.ClosedBeforeResponseException e) {
                connection.close();
                if (!reused) {
                    throw e;
                }
                // closed while idle: the request was never read, so sending it again is safe
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    private static Http1Connection freshIdle(Deque<Http1Connection> pool) {
        long now = System.nanoTime();
        for (Http1Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
            if (now - connection.idleSinceNanos < MAXIMUM_IDLE.toNanos()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void release(Deque<Http1Connection> pool, Http1Connection connection) {
        if (!connection.isReusable()) {
            connection.close();
            return;
        }
        connection.idleSinceNanos = System.nanoTime();
        pool.offerFirst(connection); // most recently used first: the others age out instead of all staying warm
        if (closed && pool.remove(connection)) {
            connection.close();
        }
    }

    private Http1Connection connect(URI uri, boolean tls) throws IOException {
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // a request is one write; waiting for more only adds latency
            socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
            socket.setSoTimeout(requestTimeoutMillis);
            if (tls) {
                SSLSocket secure = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, uri.getHost(), port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            return new Http1Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Closes the idle connections; connections in use are closed when their exchange ends. */
    @Override
    public void close() {
        closed = true;
        idle.values().forEach(pool -> {
            for (Http1Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
                connection.close();
            }
        });
    }
}
