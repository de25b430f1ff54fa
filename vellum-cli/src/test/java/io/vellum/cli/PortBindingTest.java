package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vellum serve} binds its ports first and keeps them: the server listens on the very channel bound before it
 * generated keys, so no other process can take the port in between (the old check closed its socket again and the
 * server bound the port later, which left that race open).
 */
class PortBindingTest {
    @TempDir
    Path data;

    @Test
    void aBoundPortStaysTakenUntilTheServerListensOnIt() throws Exception {
        ServerSocketChannel bound = PortCheck.bind("127.0.0.1", 0, "choose another with --port");
        int port = ((InetSocketAddress) bound.getLocalAddress()).getPort();
        // Anyone else binding the port between the check and the server's start fails: the port is held.
        assertThatThrownBy(() -> PortCheck.bind("127.0.0.1", port, "choose another with --port"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("address already in use: 127.0.0.1:" + port + " (choose another with --port)");
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(data).withPort(port), null, bound)) {
            assertThat(server.port()).isEqualTo(port);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
        }
        assertThat(bound.isOpen()).as("the server owned the channel and closed it").isFalse();
    }

    @Test
    void aStartThatFailsClosesTheChannelItWasGiven() throws Exception {
        ServerSocketChannel bound = PortCheck.bind("127.0.0.1", 0, "choose another with --port");
        Path notADirectory = Files.writeString(data.resolve("file"), "x");
        assertThatThrownBy(() -> VellumServer.start(ServerConfig.defaults(notADirectory), null, bound))
                .isInstanceOf(RuntimeException.class);
        assertThat(bound.isOpen()).isFalse();
    }
}
