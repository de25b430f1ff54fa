package io.vellum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port from {@link FreePorts} can be bound on loopback, and lies below the ephemeral range where that is known. */
class FreePortsTest {
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
