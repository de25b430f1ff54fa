package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import io.vellum.wallet.WalletConfig;
import io.vellum.wallet.WalletService;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 connections from one peer that send headers and 4 bytes of a 1,000-byte body: they hold at most a quarter of
 * the wallet's worker threads, so another peer's request is answered at once (before, every thread blocked reading a
 * body and the request waited for the idle timeout). The request is {@code /openapi.yaml}, the one route that needs
 * no signature: it needs a worker thread as every route does. The attack comes from 127.0.0.2, the client from
 * 127.0.0.1 (both this machine). The wait is a generous liveness bound, not a speed claim.
 */
class WalletSlowClientTest {
    @TempDir
    Path directory;

    @Test
    void anotherPeerIsAnsweredWhileOnePeerTricklesHundredsOfBodies() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"));
             WalletService wallet = WalletService.start(WalletConfig.embedded(directory).withPort(0),
                     EmbeddedLedgerConnection.sharing(ledger))) {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), wallet.port()), 10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"ac").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(socket);
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + wallet.port() + "/openapi.yaml"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }
}
