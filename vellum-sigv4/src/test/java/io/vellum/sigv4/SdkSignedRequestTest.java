package io.vellum.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The reference: the AWS SDK for Java v2's own SigV4 signer, configured as the SDK's QLDB clients are (service
 * {@code qldb}, which like every service but S3 signs the path normalised and double-encoded). Every request it
 * signs must get the same signature from {@link CanonicalRequest} and {@link SignatureV4}.
 */
class SdkSignedRequestTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant AT = Instant.parse("2026-12-06T06:07:08Z");
    private static final String ARN_PATH =
            "/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A000000000000%3Aledger%2Fmy-ledger%2Ftable%2Fabc";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/",
        "/ledgers",
        "/ledgers/my-ledger/",
        ARN_PATH,
        ARN_PATH + "?tagKeys=a%20b&tagKeys=a%2Bb%2F%C3%A9&max_results=5",
        "/v1/ledgers/bank/documents/x%2Fy%3Fz",
        "/ledgers/caf%C3%A9",
        "/ledgers/a%20b",
        "/ledgers/a/../b/",
        "/ledgers/a/b/..",
        "/ledgers/a/.",
        "/./ledgers",
        "/ledgers//double//",
        "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "/ledgers?b=2&a=1&a=0&c",
        "/ledgers?%E1%88%B4=bar&-._~=%21%2A",
    })
    void sdkSignatureIsReproduced(String pathAndQuery) {
        byte[] body = "{\"Name\":\"l\"}".getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:8080" + pathAndQuery);
        SdkHttpRequest signed = sdkSign(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "  QLDBSession.SendCommand\t ")
                .putHeader("X-Amz-Content-Sha256", SignatureV4.sha256Hex(body)).build(), body);

        assertThat(ourAuthorization("POST", uri, signed, SignatureV4.sha256Hex(body)))
                .isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
    }

    @Test
    void percentEscapesInThePathAreEncodedAgain() {
        // The defect this module fixed: the client signed the decoded path ("/tags/arn%3Aaws…%3Aledger/my-ledger"),
        // the server and the SDK the raw path encoded again.
        assertThat(CanonicalRequest.uri(ARN_PATH)).isEqualTo(
                "/tags/arn%253Aaws%253Aqldb%253Aus-east-1%253A000000000000%253Aledger%252Fmy-ledger%252Ftable%252Fabc");
    }

    @Test
    void headerValuesAreTrimmedAndCollapsedAsTheSdkDoes() {
        String value = " \u000b a\t\tb \r\n c\fd \u00a0e ";
        URI uri = URI.create("http://127.0.0.1:8080/");
        SdkHttpRequest signed = sdkSign(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri)
                .putHeader("X-Odd", value).putHeader("X-Amz-Content-Sha256", SignatureV4.sha256Hex(new byte[0]))
                .build(), new byte[0]);
        assertThat(CanonicalRequest.headerValue(value)).isEqualTo("a b c d \u00a0e");
        StringBuilder appended = new StringBuilder("x:");
        CanonicalRequest.appendHeaderValue(value, appended);
        assertThat(appended).hasToString("x:a b c d \u00a0e");
        assertThat(ourAuthorization("GET", uri, signed, SignatureV4.sha256Hex(new byte[0])))
                .isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
    }

    private static SdkHttpRequest sdkSign(SdkHttpRequest unsigned, byte[] body) {
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY_ID, SECRET))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(AT, ZoneOffset.UTC))).request();
    }

    /** Our signature over the headers the SDK signed, taken from the SDK's request, built from the wire's raw URI. */
    private static String ourAuthorization(String method, URI uri, SdkHttpRequest signed, String payloadHash) {
        Map<String, List<String>> sent = new TreeMap<>();
        signed.forEachHeader((name, values) -> sent.put(name.toLowerCase(java.util.Locale.ROOT), values));
        sent.remove("authorization");
        if (!sent.containsKey("host")) {
            sent.put("host", List.of(uri.getHost() + ":" + uri.getPort()));
        }
        StringBuilder headerLines = new StringBuilder();
        sent.forEach((name, values) -> headerLines.append(name).append(':')
                .append(CanonicalRequest.headerValue(String.join(",", values))).append('\n'));
        String signedHeaders = String.join(";", sent.keySet());
        String amzDate = sent.get("x-amz-date").get(0);
        // What goes on the wire: the SDK's encoded path (the path as given) and its query string (the parameters
        // as given, grouped by name).
        String wirePath = signed.encodedPath();
        String wireQuery = signed.encodedQueryParameters().orElse(null);
        assertThat(wirePath).as("the SDK sends the path as given").isEqualTo(uri.getRawPath());
        String canonicalRequest = CanonicalRequest.of(method, wirePath, wireQuery, headerLines.toString(),
                signedHeaders, payloadHash);
        String scope = SignatureV4.credentialScope(amzDate.substring(0, 8), "us-east-1", "qldb");
        String signature = SignatureV4.signature(
                SignatureV4.signingKey(SECRET, amzDate.substring(0, 8), "us-east-1", "qldb"),
                SignatureV4.stringToSign(amzDate, scope, canonicalRequest));
        return SignatureV4.ALGORITHM + " Credential=" + KEY_ID + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    @Test
    void appendingAHeaderValueGivesWhatHeaderValueReturns() {
        char[] alphabet = {' ', '\t', '\n', '\u000b', '\f', '\r', '\u00a0', '\u2003', 'a', 'b', 'é'};
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            char[] value = new char[random.nextInt(12)];
            for (int k = 0; k < value.length; k++) {
                value[k] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(value);
            StringBuilder appended = new StringBuilder(">");
            CanonicalRequest.appendHeaderValue(text, appended);
            assertThat(appended.substring(1)).as("'%s'", text).isEqualTo(CanonicalRequest.headerValue(text));
        }
    }
}
