package io.vellum.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port that forwards every connection to one upstream port, and that a test can
 * {@link #cut} and {@link #heal}: a network partition between whatever connects through it and the upstream.
 *
 * <p>While cut, nothing crosses in either direction: bytes already read are dropped, connections open before the cut
 * stay open but silent, and new connections are accepted and never connected upstream — what a client sees when a
 * network drops packets (timeouts, not refused connections). {@link #heal} closes every connection of the cut (the
 * clients then see them fail, as TCP connections that outlived a long partition do) and forwards again.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean paused;
    private volatile boolean closed;
    private final Object pause = new Object();

    TcpProxy(int port, int upstreamPort) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.upstreamPort = upstreamPort;
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing crosses the proxy, until {@link #heal}. */
    void cut() {
        cut = true;
    }

    /** Closes every connection (those of the cut included) and forwards new connections again. */
    void heal() {
        // Each socket is removed as it is closed: a clear() after the loop would also drop, unclosed, a socket that
        // the acceptor added meanwhile — a connection that then outlived close() and kept forwarding (CI failure of
        // ClusterEvictionTest: the writer's address never refused because its keep-alive connection lived on).
        for (Socket socket : sockets) {
            closeQuietly(socket);
            sockets.remove(socket);
        }
        cut = false;
    }

    boolean isCut() {
        return cut;
    }

    /**
     * From now on bytes are held, not dropped, until {@link #resume}: what the network of a frozen (SIGSTOPped)
     * process looks like from outside — its requests already sent wait in buffers, nothing new arrives — and, at
     * {@link #resume}, everything held is delivered in order, late: the stale requests of a zombie.
     */
    void pause() {
        paused = true;
    }

    /** Delivers what was held since {@link #pause} and forwards again. */
    void resume() {
        synchronized (pause) {
            paused = false;
            pause.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            if (closed) {
                closeQuietly(client); // accepted while closing
                return;
            }
            if (cut) {
                // Accepted and held: the client waits for an answer that never comes. Its bytes are drained so
                // that it does not block on a full send buffer, which a dropped network would not do either.
                start(() -> drain(client), "tcp-proxy-held");
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(upstream);
                if (closed) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                start(() -> pump(client, upstream), "tcp-proxy-up");
                start(() -> pump(upstream, client), "tcp-proxy-down");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0 && !closed) {
                awaitResumed();
                if (!cut && !closed) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the connection ended (closed by either side or by heal)
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private void awaitResumed() throws IOException {
        if (!paused) {
            return; // the common case: no lock taken
        }
        synchronized (pause) {
            while (paused && !closed) {
                try {
                    pause.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while paused", e);
                }
            }
        }
    }

    private void drain(Socket socket) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            while (in.read(buffer) >= 0) {
                // dropped
            }
        } catch (IOException e) {
            // closed by heal or by the client
        } finally {
            closeQuietly(socket);
            sockets.remove(socket);
        }
    }

    private static void start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        server.close();
        heal();
    }
}
