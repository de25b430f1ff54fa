package io.vellum.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Local TCP ports for test services. */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    /**
     * Every port this JVM handed out: a test that takes several ports before binding any (a Kafka cluster and its
     * proxies, ~30) drew the same random port twice about once in 60 runs ("Address already in use" at the second bind).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port free at the moment of the call, for a service the caller starts right after (a Kafka node needs its
     * ports before it binds them). Chosen at random below the operating system's ephemeral range where that range is
     * known (Linux): ports handed out for outgoing connections come from that range, and on a busy machine one of them
     * took a port between its choice and the broker's bind ("Address already in use", and Kafka halts the JVM). Other
     * test services choosing at the same moment remain a (much rarer) race; elsewhere the system's choice for port 0.
     * Never the same port twice in one JVM, though it was freed meanwhile (a test may still be about to bind it).
     */
    public static int next() {
        int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
                if (bindable(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free local port", e);
            }
        }
    }

    /** The first port of the ephemeral range, or {@link #LOWEST} when it is not known (then only port 0 is used). */
    static int ephemeralRangeStart() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE, StandardCharsets.US_ASCII).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return LOWEST;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
