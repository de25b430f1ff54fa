package io.vellum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port from {@link FreePorts} can be bound on loopback, and lies below the ephemeral range where that is known. */
class FreePortsTest {
    @Test
    void noPortIsHandedOutTwiceInOneJvm() {
        // Regression: ~30 random draws before any bind repeated a port about once in 60 test runs. 2,000 draws from
        // ~22,000 ports repeat one with near certainty without the memory of handed-out ports.
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = FreePorts.next();
            assertThat(seen.add(port)).as("port %d handed out again (draw %d)", port, i).isTrue();
        }
    }

    @Test
    void portsAreBindableAndOutsideTheEphemeralRange() throws IOException {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.next();
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
            if (ephemeralStart > 11_000) {
                assertThat(port).isBetween(10_000, ephemeralStart - 1);
            }
        }
    }
}
