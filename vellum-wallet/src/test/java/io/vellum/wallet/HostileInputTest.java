package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.LedgerDigest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests, each signed with the wallet's own key pair (so that what is tested is the wallet's reading of
 * the request, not the signature check): deep nesting, absurd numbers, invalid UTF-8, duplicate members, oversized
 * bodies, bad account ids and paths, malformed HTTP. Every one must get a 4xx in the wallet's JSON error shape whose
 * text shows nothing of the inside (no Java class, library message, stack frame or file path), and leave the
 * ledger digest and both balances exactly as they were, with the wallet still serving.
 */
class HostileInputTest {
    /** What an answer must never show: Java packages and classes, library names, stack frames, file paths. */
    private static final Pattern INTERNAL_DETAIL = Pattern.compile("(?i)(java\\.|javax\\.|jdk\\.|sun\\.|com\\.|org\\."
            + "|io\\.vellum|jackson|jetty|h2database|postgres|exception|\\.java\\b|\\bat [a-z]+\\.|stack ?trace"
            + "|streamreadconstraints|getmax|/tmp/|/home/|/work/|/root/)");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z][A-Z_]+");

    @TempDir
    static Path directory;
    private static TestWallet wallet;
    private static RawHttp raw;

    @BeforeAll
    static void startWallet() {
        wallet = TestWallet.start(directory);
        wallet.http.setUp("alice", "bob");
        expect(wallet.http.deposit("alice", "50.00"), 200);
        raw = new RawHttp(wallet.service);
    }

    @AfterAll
    static void stopWallet() {
        wallet.close();
    }

    /** One hostile request: method, raw target, body, and headers (JSON content type unless given). */
    private record Hostile(String method, String target, byte[] body, String[] headers) {
    }

    static Stream<Arguments> hostileRequests() {
        List<Arguments> all = new ArrayList<>();
        String deposit = "/accounts/alice/deposits";
        String withdrawal = "/accounts/alice/withdrawals";
        String profile = "/accounts/alice/profile";

        // Deep nesting: about 4,000 levels, where an amount, a field or the whole body is expected.
        String arrays = "[".repeat(4000) + "]".repeat(4000);
        String objects = "{\"a\":".repeat(4000) + "1" + "}".repeat(4000);
        json(all, "4000 nested arrays as the body", "POST", deposit, arrays);
        json(all, "4000 nested arrays as the amount", "POST", deposit, "{\"amount\":" + arrays + "}");
        json(all, "4000 nested objects as the body", "POST", deposit, objects);
        json(all, "4000 nested objects as the amount", "POST", withdrawal, "{\"amount\":" + objects + "}");
        json(all, "4000 nested arrays to a transfer", "POST", "/transfers", arrays);
        json(all, "4000 nested arrays as an account id", "POST", "/accounts", "{\"accountId\":" + arrays + "}");
        json(all, "4000 nested arrays as a profile", "POST", profile, "{\"name\":" + arrays + "}");
        json(all, "4000 nested arrays to a profile update", "PUT", profile, arrays);
        json(all, "4000 unclosed arrays", "POST", deposit, "[".repeat(4000));
        json(all, "33 nested arrays", "POST", deposit, "{\"amount\":" + "[".repeat(33) + "1" + "]".repeat(33) + "}");

        // Numbers no amount can be.
        for (String amount : List.of("1e999999999", "-1e999999999", "1e-999999999", "1E+999999999", "1e9999999999",
                "1e-9999999999", "9".repeat(101), "0." + "0".repeat(98) + "1", "1d10000000", "1D10000000",
                "NaN", "Infinity", "-Infinity", "0x10", "1_000", "1e", "--1", "1.2.3",
                "12345678901234567890.123456789012345678901234567890", "10.999999999999999999999999",
                "0.0000000000000000000000000000001", "1000000000000.01", "1e13", "-0", "0e999999999")) {
            json(all, "amount " + shorten(amount), "POST", deposit, "{\"amount\":" + amount + "}");
            json(all, "amount string \"" + shorten(amount) + "\"", "POST", deposit, "{\"amount\":\"" + amount + "\"}");
        }
        for (String amount : List.of("+1", ".5", "01", "1.")) {
            // Valid as strings (the documented decimal form); not JSON numbers.
            json(all, "amount " + amount, "POST", deposit, "{\"amount\":" + amount + "}");
        }
        json(all, "transfer of 1e999999999", "POST", "/transfers",
                "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":1e999999999}");
        json(all, "withdrawal of 1e999999999", "POST", withdrawal, "{\"amount\":\"1e999999999\"}");
        json(all, "amount in fullwidth digits", "POST", deposit, "{\"amount\":\"\uff11\uff10\"}");

        // Bytes that are not UTF-8, and strings that are not Unicode.
        bytes(all, "0xFF in the amount", "POST", deposit, bytes("{\"amount\":\"", 0xff, "\"}"));
        bytes(all, "overlong '/' in the account id", "POST", "/accounts", bytes("{\"accountId\":\"", 0xc0, 0xaf,
                "\"}"));
        bytes(all, "UTF-16 surrogate as UTF-8 bytes", "POST", "/accounts", bytes("{\"accountId\":\"a", 0xed, 0xa0,
                0x80, "\"}"));
        bytes(all, "truncated multi-byte sequence", "POST", deposit, bytes("{\"amount\":\"1", 0xe2, 0x82));
        bytes(all, "lone continuation byte", "POST", profile, bytes("{\"name\":\"", 0x80, "\"}"));
        bytes(all, "UTF-16 body", "POST", deposit, "{\"amount\":1}".getBytes(StandardCharsets.UTF_16));
        bytes(all, "latin-1 body declared as latin-1", "POST", deposit, bytes("{\"amount\":\"", 0xe9, "\"}"),
                "Content-Type", "application/json; charset=iso-8859-1");
        json(all, "escaped lone surrogate in an account id", "POST", "/accounts", "{\"accountId\":\"a\\ud800\"}");
        json(all, "NUL in an account id", "POST", "/accounts", "{\"accountId\":\"a\\u0000b\"}");
        json(all, "NUL in a request id", "POST", deposit, "{\"amount\":1,\"txRequestId\":\"a\\u0000\"}");
        json(all, "right-to-left override in an account id", "POST", "/accounts", "{\"accountId\":\"a\\u202eb\"}");

        // Duplicate members: which one would count?
        json(all, "duplicate amount", "POST", deposit, "{\"amount\":1,\"amount\":1000000}");
        json(all, "duplicate amount as strings", "POST", deposit, "{\"amount\":\"1\",\"amount\":\"1000000.00\"}");
        json(all, "duplicate source account", "POST", "/transfers",
                "{\"fromAccountId\":\"alice\",\"fromAccountId\":\"bob\",\"toAccountId\":\"bob\",\"amount\":1}");
        json(all, "duplicate account id", "POST", "/accounts", "{\"accountId\":\"carol\",\"accountId\":\"dave\"}");
        json(all, "duplicate profile name", "POST", profile, "{\"name\":\"A\",\"name\":\"B\"}");
        json(all, "duplicate request id", "POST", deposit, "{\"amount\":1,\"txRequestId\":\"x\",\"txRequestId\":\"y\"}");

        // Bodies that are not one object.
        for (String body : List.of("", " ", "null", "true", "1", "\"amount\"", "[]", "[{\"amount\":1}]",
                "{\"amount\":1}{\"amount\":1}", "{\"amount\":1,}", "{amount:1}", "{'amount':1}",
                "/* comment */{\"amount\":1}", "\ufeff{\"amount\":1}", "{\"amount\":1} garbage", "{\"amount\"",
                "{\"amount\":\"1\u0000\"}")) {
            json(all, "body " + shorten(body.isEmpty() ? "(empty)" : body), "POST", deposit, body);
        }

        // Oversized: bodies over the 16 KiB limit, strings and member counts within it.
        json(all, "17 KiB body", "POST", deposit, "{\"amount\":1" + " ".repeat(17 * 1024) + "}");
        json(all, "1 MiB body", "POST", "/transfers", "{\"x\":\"" + "x".repeat(1 << 20) + "\"}");
        json(all, "16000-character account id", "POST", "/accounts", "{\"accountId\":\"" + "a".repeat(16_000) + "\"}");
        StringBuilder members = new StringBuilder("{\"amount\":1");
        for (int i = 0; members.length() < 15_000; i++) {
            members.append(",\"m").append(i).append("\":1");
        }
        json(all, "1500 unknown members", "POST", deposit, members.append('}').toString());
        json(all, "129-character request id", "POST", deposit, "{\"amount\":1,\"txRequestId\":\"" + "r".repeat(129)
                + "\"}");
        json(all, "10000-character profile name", "POST", profile, "{\"name\":\"" + "n".repeat(10_000) + "\"}");

        // Bad account ids and paths.
        for (String target : List.of("/accounts/../balance", "/accounts/%2e%2e/balance", "/accounts/alice%2Fbob/balance",
                "/accounts/%2Falice/balance", "/accounts/" + "a".repeat(65) + "/balance", "/accounts/al%20ice/balance",
                "/accounts/%00/balance", "/accounts/alice%00/balance", "/accounts/%FF/balance",
                "/accounts/%C0%AF/balance", "/accounts/%ED%A0%80/balance", "/accounts/%E2%80%AE/balance",
                "/accounts/%27%20OR%201%3D1--/balance", "/accounts/alice;x=1/balance", "/accounts/%/balance",
                "/accounts/%zz/balance", "/accounts/\u00e5lice/balance", "/ACCOUNTS/alice/balance",
                "/accounts/alice/balance/extra", "/accounts/alice/history?limit=99999999999999999999",
                "/accounts/alice/history?fromVersion=-1", "/accounts/alice/history?limit=1e3",
                "/accounts/alice/history?limit=", "/accounts/alice/history?fromVersion=9223372036854775808",
                "/accounts/alice/verification?version=%FF", "/accounts/alice/verification?version=1e999999999",
                "/accounts/" + "x".repeat(10_000) + "/balance", "/accounts/alice/history?limit=1&limit=2",
                "*", "/accounts/alice/balance#fragment", "http://evil.example/accounts/alice/balance")) {
            all.add(Arguments.of("GET " + shorten(target), new Hostile("GET", target, new byte[0], new String[0])));
        }
        json(all, "deposit to a bad account id", "POST", "/accounts/%2e%2e/deposits", "{\"amount\":1}");
        json(all, "deposit to an id with a NUL", "POST", "/accounts/alice%00/deposits", "{\"amount\":1}");
        json(all, "transfer to a path-like id", "POST", "/transfers",
                "{\"fromAccountId\":\"alice\",\"toAccountId\":\"../bob\",\"amount\":1}");
        json(all, "transfer to itself", "POST", "/transfers",
                "{\"fromAccountId\":\"alice\",\"toAccountId\":\"alice\",\"amount\":1}");
        json(all, "account id with an email", "POST", "/accounts", "{\"accountId\":\"jo@example.com\"}");
        json(all, "account id of 65 characters", "POST", "/accounts", "{\"accountId\":\"" + "a".repeat(65) + "\"}");
        json(all, "deposit with an unknown method", "PATCH", deposit, "{\"amount\":1}");
        return all.stream();
    }

    /** Requests broken at the HTTP level, answered by the HTTP server before any route (Jetty's error handler). */
    static Stream<Arguments> malformedHttp() {
        String host = "Host: 127.0.0.1\r\n";
        String post = "POST /accounts/alice/deposits HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n";
        return Stream.of(
                Arguments.of("request line with no version", "GET /health\r\n\r\n"),
                Arguments.of("request line with spaces in the target", "GET /accounts/al ice/balance HTTP/1.1\r\n"
                        + host + "\r\n"),
                Arguments.of("raw non-ASCII bytes in the path", "GET /accounts/\u00ff\u00fe/balance HTTP/1.1\r\n"
                        + host + "\r\n"),
                Arguments.of("header without a colon", "GET /health HTTP/1.1\r\n" + host + "Broken header\r\n\r\n"),
                Arguments.of("64 KiB header", "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(65_536)
                        + "\r\n\r\n"),
                Arguments.of("negative Content-Length", post + "Content-Length: -5\r\n\r\n{}"),
                Arguments.of("non-numeric Content-Length", post + "Content-Length: ten\r\n\r\n{}"),
                Arguments.of("two different Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 20\r\n"
                        + "\r\n{}"),
                Arguments.of("broken chunked encoding", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n"
                        + "\r\n"),
                Arguments.of("HTTP/1.1 without Host", "GET /health HTTP/1.1\r\n\r\n"),
                Arguments.of("unknown HTTP version", "GET /health HTTP/7.0\r\n" + host + "\r\n"),
                Arguments.of("NUL in a header value", "GET /health HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHttp")
    void malformedHttpIsRefusedWith4xxJsonAndChangesNothing(String name, String request) {
        LedgerDigest before = wallet.ledger.digest();
        List<String> balances = balances();
        RawHttp.Answer answer = raw.exchange(request.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
        assertRefusal(name, answer);
        assertThat(wallet.ledger.digest()).as("ledger digest").isEqualTo(before);
        assertThat(balances()).as("balances").isEqualTo(balances);
        expect(wallet.http.get("/health"), 200);
    }

    private static void json(List<Arguments> all, String name, String method, String target, String body) {
        bytes(all, name, method, target, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(List<Arguments> all, String name, String method, String target, byte[] body,
                              String... headers) {
        String[] sent = headers.length > 0 ? headers : new String[] {"Content-Type", "application/json"};
        all.add(Arguments.of(name, new Hostile(method, target, body, sent)));
    }

    /** Text and raw bytes (Integers) concatenated. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + ")" : text;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void isRefusedWith4xxInTheWalletsWordsAndChangesNothing(String name, Hostile hostile) {
        LedgerDigest before = wallet.ledger.digest();
        List<String> balances = balances();
        RawHttp.Answer answer = raw.send(hostile.method(), hostile.target(), hostile.body(), hostile.headers());
        assertRefusal(name, answer);
        assertThat(wallet.ledger.digest()).as("ledger digest").isEqualTo(before);
        assertThat(balances()).as("balances").isEqualTo(balances);
        expect(wallet.http.get("/health"), 200);
    }

    /** A 4xx whose body is the wallet's error shape and shows nothing of the inside. */
    static void assertRefusal(String name, RawHttp.Answer answer) {
        assertRefusal(name, answer, directory);
    }

    /** As {@link #assertRefusal(String, RawHttp.Answer)}, for a wallet whose files are in {@code walletDirectory}. */
    static void assertRefusal(String name, RawHttp.Answer answer, Path walletDirectory) {
        assertThat(answer.status()).as(name + ": " + answer).isBetween(400, 499);
        assertThat(answer.headers().get("content-type")).as(answer.toString()).startsWith("application/json");
        assertThat(answer.json().path("error").path("code").asText("")).as(answer.toString()).matches(ERROR_CODE);
        assertThat(answer.json().path("error").path("message").asText("")).as(answer.toString()).isNotBlank();
        assertThat(answer.body()).as("no internal detail").doesNotContainPattern(INTERNAL_DETAIL)
                .doesNotContain(walletDirectory.toString());
        assertThat(answer.headers()).as("no CORS permission").doesNotContainKey("access-control-allow-origin");
    }

    private static List<String> balances() {
        return List.of(wallet.http.balance("alice"), wallet.http.balance("bob"));
    }
}
