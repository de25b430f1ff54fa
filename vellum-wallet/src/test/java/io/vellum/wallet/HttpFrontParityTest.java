package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.HttpFront;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wallet's clients see the same answers whichever front serves the port: each request here goes, byte for byte
 * (signed with each wallet's own key pair), to a wallet on Vellum's own front and to one on Jetty, and the two
 * answers must have the same status and, for every refusal, the same JSON body: malformed HTTP, bodies over the
 * limit (declared or chunked), broken chunked framing, refused signatures and media types, unknown routes and
 * methods, undecodable and repeated query parameters. A chunked body within the limit is served by both.
 */
class HttpFrontParityTest {
    @TempDir
    static Path threadsDirectory;
    @TempDir
    static Path jettyDirectory;
    private static TestWallet threads;
    private static TestWallet jetty;

    @BeforeAll
    static void startBoth() {
        threads = started(threadsDirectory, HttpFront.THREADS);
        jetty = started(jettyDirectory, HttpFront.JETTY);
    }

    private static TestWallet started(Path directory, HttpFront front) {
        TestWallet wallet = TestWallet.start(directory, WalletConfig.embedded(directory).withHttpFront(front));
        wallet.http.setUp("alice", "bob");
        expect(wallet.http.deposit("alice", "50.00"), 200);
        return wallet;
    }

    @AfterAll
    static void stopBoth() {
        if (threads != null) {
            threads.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    static Stream<Arguments> requests() {
        List<Arguments> all = new ArrayList<>();
        HostileInputTest.malformedHttp().forEach(arguments -> {
            byte[] bytes = ((String) arguments.get()[1]).getBytes(StandardCharsets.ISO_8859_1);
            all.add(Arguments.of(arguments.get()[0], (Function<RawHttp, RawHttp.Answer>) raw ->
                    raw.exchange(bytes, new byte[0])));
        });
        String deposit = "/accounts/alice/deposits";
        byte[] oversized = ("{\"amount\": 1" + " ".repeat(20 * 1024) + "}").getBytes(StandardCharsets.UTF_8);
        all.add(Arguments.of("a declared body over the limit", send("POST", deposit, oversized)));
        all.add(Arguments.of("a chunked body over the limit", chunked(deposit, oversized, 4096, "")));
        all.add(Arguments.of("a chunk announcing more than the limit", chunked(deposit, oversized,
                oversized.length, "")));
        all.add(Arguments.of("a chunk size of 16 hex digits", raw(postHead(deposit)
                + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n")));
        all.add(Arguments.of("a chunk not ended by CRLF", raw(postHead(deposit)
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n")));
        all.add(Arguments.of("Content-Length with Transfer-Encoding", raw(postHead(deposit)
                + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")));
        all.add(Arguments.of("an unsigned request", raw("GET /accounts/alice/balance HTTP/1.1\r\nHost: 127.0.0.1"
                + "\r\nConnection: close\r\n\r\n")));
        all.add(Arguments.of("a text/plain body", send("POST", deposit, "{\"amount\":1}".getBytes(
                StandardCharsets.UTF_8), "Content-Type", "text/plain")));
        all.add(Arguments.of("an unknown route", send("GET", "/nothing/here", new byte[0])));
        all.add(Arguments.of("a method the route does not take", send("DELETE", deposit, new byte[0])));
        all.add(Arguments.of("HEAD of a GET route", send("HEAD", "/accounts/alice/balance", new byte[0])));
        all.add(Arguments.of("a query escape that is not UTF-8", send("GET", "/accounts/alice/history?limit=%FF",
                new byte[0])));
        all.add(Arguments.of("a broken query escape", send("GET", "/accounts/alice/history?limit=%zz",
                new byte[0])));
        all.add(Arguments.of("a repeated query parameter", send("GET", "/accounts/alice/history?limit=1&limit=2",
                new byte[0])));
        all.add(Arguments.of("an unknown query parameter", send("GET", "/accounts/alice/balance?x=1",
                new byte[0])));
        all.add(Arguments.of("path parameters", send("GET", "/accounts/alice;v=1/balance", new byte[0])));
        all.add(Arguments.of("an escaped slash in an account id", send("GET", "/accounts/al%2Fice/balance",
                new byte[0])));
        all.add(Arguments.of("a foreign Origin", send("GET", "/accounts/alice/balance", new byte[0], "Origin",
                "http://evil.example")));
        all.add(Arguments.of("a chunked deposit within the limit", chunked(deposit,
                "{\"amount\":\"1.00\"}".getBytes(StandardCharsets.UTF_8), 5, ";ext=1")));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void bothFrontsAnswerAlike(String name, Function<RawHttp, RawHttp.Answer> request) {
        RawHttp.Answer onThreads = request.apply(new RawHttp(threads.service));
        RawHttp.Answer onJetty = request.apply(new RawHttp(jetty.service));
        assertThat(onThreads.status()).as(name + ": threads " + onThreads + ", jetty " + onJetty)
                .isEqualTo(onJetty.status());
        if (onJetty.status() >= 400) {
            assertThat(onThreads.json()).as(name).isEqualTo(onJetty.json());
        }
        if (onJetty.status() >= 400 && !onJetty.body().isEmpty()) { // HEAD: no body on either
            HostileInputTest.assertRefusal(name + " (threads)", onThreads, threadsDirectory);
            HostileInputTest.assertRefusal(name + " (jetty)", onJetty, jettyDirectory);
        }
        expect(threads.http.get("/health"), 200);
        expect(jetty.http.get("/health"), 200);
    }

    private static Function<RawHttp, RawHttp.Answer> send(String method, String target, byte[] body,
                                                          String... headers) {
        String[] sent = headers.length > 0 ? headers : new String[] {"Content-Type", "application/json"};
        return raw -> raw.send(method, target, body, sent);
    }

    private static Function<RawHttp, RawHttp.Answer> raw(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        return raw -> raw.exchange(bytes, new byte[0]);
    }

    /** A signed POST of {@code body} in chunks of {@code chunkBytes}, each size line followed by {@code extension}. */
    private static Function<RawHttp, RawHttp.Answer> chunked(String target, byte[] body, int chunkBytes,
                                                             String extension) {
        return raw -> raw.sendChunked("POST", target, body, chunkBytes, extension);
    }

    private static String postHead(String target) {
        return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\n";
    }
}
