package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.proof.block.LedgerDigest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may move money. The defect: the wallet had no authentication and took a {@code text/plain} POST, which any web
 * page open on the machine can send without a CORS preflight, so a page could deposit 1,000,000.00. Now requests must
 * be signed (AWS SigV4 with the wallet's key pair); state changes must be declared {@code application/json} (which a
 * page cannot send cross-origin without a preflight the wallet never approves); a foreign {@code Origin} is refused;
 * and the wallet sends no CORS headers. With {@code --insecure-no-auth} the browser defences still hold.
 */
class CrossOriginTest {
    private static final String DEPOSIT = "/accounts/alice/deposits";
    private static final byte[] MILLION = "{\"amount\":\"1000000.00\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path directory;

    @Test
    void aPageCannotDepositThroughASimpleCrossSitePostEvenWithAuthenticationOff() {
        try (TestWallet wallet = TestWallet.start(directory, WalletConfig.embedded(directory)
                .withAccess(new WalletAccess.InsecureNoAuth()))) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            LedgerDigest before = wallet.ledger.digest();
            // Exactly what fetch(url, {method: "POST", mode: "no-cors", body}) sends from a page of another site.
            WalletHttp.Answer page = http.send("POST", DEPOSIT, MILLION, "Content-Type", "text/plain;charset=UTF-8",
                    "Origin", "https://evil.example");
            assertThat(page.status()).as(page.toString()).isEqualTo(403);
            assertThat(page.errorCode()).isEqualTo("ORIGIN_NOT_ALLOWED");
            // The same without Origin (older browsers, a sandboxed frame's "null" aside): the media type stops it.
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1")) {
                WalletHttp.Answer simple = http.send("POST", DEPOSIT, MILLION, "Content-Type", type);
                assertThat(simple.status()).as(type + ": " + simple).isEqualTo(415);
                assertThat(simple.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
            }
            assertThat(http.send("POST", DEPOSIT, MILLION).status()).as("no Content-Type").isEqualTo(415);
            assertThat(http.send("POST", DEPOSIT, MILLION, "Content-Type", "application/json", "Origin", "null")
                    .status()).as("Origin null (sandboxed frame)").isEqualTo(403);
            assertThat(wallet.ledger.digest()).isEqualTo(before);
            assertThat(http.balance("alice")).isEqualTo("0.00");

            // What the insecure mode is for: curl and scripts on this machine.
            expect(http.post(DEPOSIT, "{\"amount\":\"1.00\"}"), 200);
        }
    }

    @Test
    void unsignedAndWronglySignedRequestsAreRefusedAndSignedOnesAccepted() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp signed = wallet.http;
            signed.setUp("alice");
            LedgerDigest before = wallet.ledger.digest();

            WalletHttp.Answer unsigned = signed.unsigned().post(DEPOSIT, new String(MILLION, StandardCharsets.UTF_8));
            assertThat(unsigned.status()).as(unsigned.toString()).isEqualTo(401);
            assertThat(unsigned.errorCode()).isEqualTo("AUTHENTICATION_REQUIRED");
            assertThat(unsigned.header("WWW-Authenticate")).isEqualTo("AWS4-HMAC-SHA256");
            assertThat(signed.unsigned().get("/accounts/alice/balance").status()).isEqualTo(401);

            WalletHttp wrongSecret = new WalletHttp(wallet.service.uri(), wallet.service.accessKeyId(),
                    "not-the-secret");
            WalletHttp.Answer forged = wrongSecret.post(DEPOSIT, "{\"amount\":\"1000000.00\"}");
            assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
            assertThat(forged.errorCode()).isEqualTo("SIGNATURE_REFUSED");
            assertThat(forged.errorMessage()).contains("signature we calculated does not match");

            WalletHttp unknownKey = new WalletHttp(wallet.service.uri(), "AKIAUNKNOWNKEY000000",
                    wallet.service.secretAccessKey());
            assertThat(unknownKey.post(DEPOSIT, "{\"amount\":\"1.00\"}").errorMessage())
                    .contains("AKIAUNKNOWNKEY000000 is not known");

            // A signed request from a page of another origin, and a signed text/plain one, are still refused.
            assertThat(signed.send("POST", DEPOSIT, MILLION, "Content-Type", "application/json", "Origin",
                    "https://evil.example").errorCode()).isEqualTo("ORIGIN_NOT_ALLOWED");
            assertThat(signed.send("POST", DEPOSIT, MILLION, "Content-Type", "text/plain").status()).isEqualTo(415);
            assertThat(wallet.ledger.digest()).isEqualTo(before);
            assertThat(signed.balance("alice")).isEqualTo("0.00");

            // The wallet's own origins, and what needs no signature.
            int port = wallet.service.port();
            expect(signed.send("POST", DEPOSIT, "{\"amount\":\"2.50\"}".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json; charset=utf-8", "Origin", "http://localhost:" + port), 200);
            expect(signed.get("/accounts/alice/balance", "Origin", "http://127.0.0.1:" + port), 200);
            expect(signed.unsigned().get("/health"), 401);
            expect(signed.unsigned().get("/openapi.yaml"), 200);
            assertThat(signed.balance("alice")).isEqualTo("2.50");
        }
    }

    @Test
    void anOperatorAllowedOriginIsAcceptedAndNoCorsPermissionIsEverSent() {
        try (TestWallet wallet = TestWallet.start(directory, WalletConfig.embedded(directory)
                .withAllowedOrigins(List.of("https://Shop.Example.com/")))) {
            WalletHttp http = wallet.http;
            http.setUp("alice");
            WalletHttp.Answer allowed = http.send("POST", DEPOSIT, "{\"amount\":\"1.00\"}".getBytes(
                    StandardCharsets.UTF_8), "Content-Type", "application/json", "Origin", "https://shop.example.com");
            assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
            assertThat(http.get("/health", "Origin", "https://shop.example.com.evil.example").status())
                    .isEqualTo(403);
            assertThat(http.get("/health", "Origin", "http://shop.example.com").status()).as("other scheme")
                    .isEqualTo(403);
            // A preflight is never approved: no route answers OPTIONS, and no answer carries CORS headers.
            WalletHttp.Answer preflight = http.send("OPTIONS", DEPOSIT, null, "Origin", "https://shop.example.com",
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.status()).isBetween(400, 499);
            for (WalletHttp.Answer answer : List.of(allowed, preflight)) {
                assertThat(answer.response().headers().map().keySet())
                        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
            }
        }
    }

    @Test
    void aWalletWithoutAuthenticationWarnsAtEveryStart() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (TestWallet wallet = TestWallet.start(directory, WalletConfig.embedded(directory)
                .withAccess(new WalletAccess.InsecureNoAuth()))) {
            ByteArrayOutputStream banner = new ByteArrayOutputStream();
            WalletApplication.printAccess(wallet.service, new PrintStream(banner, true, StandardCharsets.UTF_8));
            assertThat(banner.toString(StandardCharsets.UTF_8)).startsWith("WARNING: WALLET AUTHENTICATION IS OFF");
            assertThat(wallet.service.insecureNoAuth()).isTrue();
        } finally {
            System.setErr(standardError);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARN").contains(WalletService.INSECURE_WARNING);
    }
}
