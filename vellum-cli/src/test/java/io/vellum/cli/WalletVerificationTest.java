package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.RequestSignature;
import io.vellum.client.internal.SigV4Signer;
import io.vellum.wallet.WalletConfig;
import io.vellum.wallet.WalletService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet's Verify answer, saved to a file as its README shows, is checkable offline with {@code vellum verify}:
 * the current and an older revision verify; the same file with the balance changed, in the hashed Ion text or in the
 * readable {@code balance} a person reads, or shown as another account's, does not.
 */
class WalletVerificationTest {
    private static final Pattern DOCUMENT_ID = Pattern.compile("\"documentId\":\"([0-9A-Za-z]{22})\"");
    private static final Pattern DIGEST = Pattern.compile("\"Digest\":\"([A-Za-z0-9+/=]{44})\"");

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();
    /** Signs as curl --aws-sigv4 does, with the key pair the wallet generated in its data directory. */
    private SigV4Signer signer;

    @Test
    void savedVerificationAnswersVerifyWithVellumVerifyAndTamperedOnesDoNot() throws Exception {
        try (WalletService wallet = WalletService.start(WalletConfig.embedded(directory.resolve("wallet"))
                .withPort(0))) {
            URI base = wallet.uri();
            signer = new SigV4Signer(new Credentials(wallet.accessKeyId(), wallet.secretAccessKey()), "us-east-1",
                    "wallet");
            post(base, "/tables", "", 201);
            post(base, "/indexes", "", 201);
            post(base, "/accounts", "{\"accountId\":\"alice\"}", 201);
            post(base, "/accounts/alice/deposits", "{\"amount\":\"100.50\"}", 200);
            post(base, "/accounts/alice/withdrawals", "{\"amount\":\"40.25\"}", 200);

            String current = get(base, "/accounts/alice/verification");
            assertThat(current).contains("\"verified\":true", "balance:60.25").doesNotContain("\"detail\"");
            Path currentFile = save("alice-verification.json", current);
            CommandRun run = VerifyCommandTest.verify("--digest", currentFile.toString(),
                    "--revision", currentFile.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Verified revision {id:\"" + group(DOCUMENT_ID, current) + "\",version:2}",
                    group(DIGEST, current));

            String older = get(base, "/accounts/alice/verification?version=1");
            Path olderFile = save("alice-version-1.json", older);
            CommandRun olderRun = VerifyCommandTest.verify("--digest", olderFile.toString(),
                    "--revision", olderFile.toString());
            assertThat(olderRun.exitCode()).as(olderRun.err()).isZero();
            assertThat(olderRun.out()).contains("version:1}");

            Path tampered = save("alice-tampered.json", current.replace("balance:60.25", "balance:6025.00"));
            CommandRun refused = VerifyCommandTest.verify("--digest", tampered.toString(),
                    "--revision", tampered.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.out()).doesNotContain("Verified revision");
            assertThat(refused.err()).containsIgnoringCase("hash");

            // The readable balance is what a person reads: edited alone, it must not pass as verified.
            assertThat(current).contains("\"balance\":\"60.25\"");
            Path readableEdit = save("alice-readable.json", current.replace("\"balance\":\"60.25\"",
                    "\"balance\":\"6025.00\""));
            CommandRun readable = VerifyCommandTest.verify("--digest", readableEdit.toString(),
                    "--revision", readableEdit.toString());
            assertThat(readable.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
            assertThat(readable.out()).doesNotContain("Verified revision");
            assertThat(readable.err()).contains("balance", "data.balance", "60.25", "6025.00");
            Path otherAccount = save("alice-as-bob.json", current.replace("\"accountId\":\"alice\"",
                    "\"accountId\":\"bob\""));
            CommandRun renamed = VerifyCommandTest.verify("--digest", otherAccount.toString(),
                    "--revision", otherAccount.toString());
            assertThat(renamed.exitCode()).isEqualTo(VerifyCommand.NOT_VERIFIED);
            assertThat(renamed.err()).contains("accountId", "\"alice\"", "\"bob\"");
        }
    }

    private Path save(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private String get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(signed(HttpRequest.newBuilder(base.resolve(path)), "GET",
                base.resolve(path), "").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void post(URI base, String path, String body, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(signed(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), "POST",
                base.resolve(path), body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private HttpRequest.Builder signed(HttpRequest.Builder request, String method, URI uri, String body) {
        Map<String, String> headers = method.equals("POST") ? Map.of("Content-Type", "application/json") : Map.of();
        RequestSignature signature = signer.sign(method, uri, headers, body.getBytes(StandardCharsets.UTF_8),
                Instant.now());
        return request.header("X-Amz-Date", signature.amzDate()).header("Authorization", signature.authorization());
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
        return matcher.group(1);
    }
}
