package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.server.auth.AccessKeys;
import io.vellum.server.auth.AuthenticationResult;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.auth.SignedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * SigV4 against the published AWS Signature Version 4 test suite (credentials {@code AKIDEXAMPLE}, region
 * {@code us-east-1}, service {@code service}, 2015-08-30T12:36:00Z) and the worked IAM example of the SigV4
 * documentation. The expected values are the suite's {@code .authz}, {@code .creq} and {@code .sts} files.
 */
class SigV4SignerTest {
    private static final Credentials SUITE = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final SigV4Signer SUITE_SIGNER = new SigV4Signer(SUITE, "us-east-1", "service");
    private static final byte[] NO_BODY = new byte[0];

    private static String suiteAuthorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="
                + signedHeaders + ", Signature=" + signature;
    }

    private static Map<String, String> hostOnly() {
        return Map.of("Host", "example.amazonaws.com");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "get-vanilla | GET | / | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "get-vanilla-query-order-key-case | GET | /?Param2=value2&Param1=value1 | b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "get-vanilla-empty-query-key | GET | /?Param1=value1 | a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
        "get-vanilla-query-unreserved | GET | /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz | 9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
        "post-vanilla | POST | / | 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    })
    void suiteRequestsWithHostOnly(String name, String method, String pathAndQuery, String signature) {
        RequestSignature signed = SUITE_SIGNER.sign(method, URI.create("https://example.amazonaws.com" + pathAndQuery),
                hostOnly(), NO_BODY, SUITE_TIME);
        assertThat(signed.authorization()).isEqualTo(suiteAuthorization("host;x-amz-date", signature));
        assertThat(signed.amzDate()).isEqualTo("20150830T123600Z");
    }

    @Test
    void getUtf8PathAndQueryArePercentEncodedAsUtf8() throws Exception {
        RequestSignature path = SUITE_SIGNER.sign("GET",
                new URI("https", "example.amazonaws.com", "/\u1234", null), hostOnly(), NO_BODY, SUITE_TIME);
        assertThat(path.canonicalRequest()).startsWith("GET\n/%E1%88%B4\n\n");
        assertThat(path.authorization()).isEqualTo(suiteAuthorization("host;x-amz-date",
                "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));

        RequestSignature query = SUITE_SIGNER.sign("GET",
                new URI("https", "example.amazonaws.com", "/", "\u1234=bar", null), hostOnly(), NO_BODY, SUITE_TIME);
        assertThat(query.authorization()).isEqualTo(suiteAuthorization("host;x-amz-date",
                "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"));
    }

    /**
     * AWS's get-space request writes its path unencoded ({@code /example space/}); on the wire it is
     * {@code /example%20space/}, and the AWS SDKs (every service but S3) sign that raw path encoded again. The
     * suite's own vector, with the unencoded path, is checked in vellum-sigv4's SignatureTestSuiteTest.
     */
    @Test
    void getSpaceSignsTheEscapedPathEncodedAgain() throws Exception {
        RequestSignature signed = SUITE_SIGNER.sign("GET",
                new URI("https", "example.amazonaws.com", "/example space/", null), hostOnly(), NO_BODY, SUITE_TIME);
        assertThat(signed.canonicalRequest()).startsWith("GET\n/example%2520space/\n\n");
    }

    /**
     * Regression: a control-plane path carrying a percent-encoded ARN. The signer used to canonicalise the decoded
     * path ({@code /tags/arn%3Aaws…%3Aledger/my-ledger}, the encoded '/' turned into a separator) while the server,
     * like the AWS SDK, encodes the raw path again; the server refused every such request the client signed.
     */
    @Test
    void percentEncodedArnPathVerifiesOnTheServer() {
        Credentials credentials = new Credentials("AKIAVELLUMTEST000001", "abcdefghijklmnopqrstuvwxyz0123456789+/AB");
        SigV4Signer signer = new SigV4Signer(credentials, "us-east-1", "qldb");
        URI uri = URI.create("http://127.0.0.1:8080/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A000000000000%3Aledger"
                + "%2Fmy-ledger%2Ftable%2Fabc?tagKeys=a%20b&tagKeys=a%2Bb");
        Instant now = Instant.parse("2026-12-06T06:07:08Z");
        byte[] body = NO_BODY;
        Map<String, String> headers = Map.of("X-Amz-Content-Sha256", SigV4Signer.sha256Hex(body));
        RequestSignature signed = signer.sign("DELETE", uri, headers, body, now);
        assertThat(signed.canonicalRequest()).startsWith("DELETE\n/tags/arn%253Aaws%253Aqldb%253Aus-east-1"
                + "%253A000000000000%253Aledger%252Fmy-ledger%252Ftable%252Fabc\ntagKeys=a%20b&tagKeys=a%2Bb\n");

        Map<String, String> sent = new java.util.HashMap<>();
        sent.put("host", SigV4Signer.hostHeader(uri));
        sent.put("x-amz-date", signed.amzDate());
        sent.put("x-amz-content-sha256", SigV4Signer.sha256Hex(body));
        sent.put("authorization", signed.authorization());
        SignatureVerifier verifier = new SignatureVerifier(AccessKeys.of(credentials.accessKeyId(),
                credentials.secretAccessKey()), Clock.fixed(now, ZoneOffset.UTC));
        AuthenticationResult result = verifier.verify(new SignedRequest("DELETE", uri.getRawPath(), uri.getRawQuery(),
                sent, body));
        assertThat(result).isEqualTo(AuthenticationResult.authenticated(credentials.accessKeyId()));
    }

    @Test
    void postHeaderKeySortSignsHeadersInNameOrder() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("My-Header1", "value1");
        headers.put("Host", "example.amazonaws.com");
        RequestSignature signed = SUITE_SIGNER.sign("POST", URI.create("https://example.amazonaws.com/"), headers,
                NO_BODY, SUITE_TIME);
        assertThat(signed.authorization()).isEqualTo(suiteAuthorization("host;my-header1;x-amz-date",
                "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"));
    }

    @Test
    void getHeaderValueTrimCollapsesInnerSpaces() {
        Map<String, String> headers = new LinkedHashMap<>(hostOnly());
        headers.put("My-Header1", " value1");
        headers.put("My-Header2", " \"a   b   c\"");
        RequestSignature signed = SUITE_SIGNER.sign("GET", URI.create("https://example.amazonaws.com/"), headers,
                NO_BODY, SUITE_TIME);
        assertThat(signed.canonicalRequest()).contains("my-header1:value1\nmy-header2:\"a b c\"\n");
        assertThat(signed.authorization()).isEqualTo(suiteAuthorization("host;my-header1;my-header2;x-amz-date",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"));
    }

    @Test
    void postFormUrlencodedMatchesEveryPublishedStep() {
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Host", "example.amazonaws.com");
        RequestSignature signed = SUITE_SIGNER.sign("POST", URI.create("https://example.amazonaws.com/"), headers,
                "Param1=value1".getBytes(StandardCharsets.UTF_8), SUITE_TIME);
        assertThat(signed.canonicalRequest()).isEqualTo("POST\n/\n\n"
                + "content-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
        assertThat(signed.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\n"
                + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
        assertThat(signed.authorization()).isEqualTo(suiteAuthorization("content-type;host;x-amz-date",
                "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
    }

    /** The worked example of the SigV4 documentation ("Examples of the complete Signature Version 4 signing process"). */
    @Test
    void iamListUsersDocumentationExample() {
        SigV4Signer signer = new SigV4Signer(SUITE, "us-east-1", "iam");
        Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        RequestSignature signed = signer.sign("GET",
                URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"), headers, NO_BODY,
                SUITE_TIME);
        assertThat(signed.stringToSign()).endsWith(
                "\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(HexFormat.of().formatHex(signer.signingKey("20150830")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        assertThat(signed.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void signingKeyIsCachedPerDay() {
        SigV4Signer signer = new SigV4Signer(SUITE, "us-east-1", "qldb");
        byte[] first = signer.signingKey("20261127");
        assertThat(signer.signingKey("20261127")).isSameAs(first);
        byte[] nextDay = signer.signingKey("20261128");
        assertThat(nextDay).isNotEqualTo(first);
        assertThat(signer.signingKey("20261127")).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void sessionApiRequestSignsTargetContentTypeAndPayloadHash() {
        SigV4Signer signer = new SigV4Signer(new Credentials("AKIDFAKE", "secret"), "us-east-1", "qldb");
        byte[] body = "{\"StartSession\":{\"LedgerName\":\"probe-ledger\"}}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "QLDBSession.SendCommand", "X-Amz-Content-Sha256", SigV4Signer.sha256Hex(body));
        RequestSignature signed = signer.sign("POST", URI.create("http://127.0.0.1:45575/"), headers, body,
                Instant.parse("2026-11-27T09:34:36Z"));
        // The body hash the official driver's SDK sent for this very body (driver-wire capture s1-select-01).
        assertThat(SigV4Signer.sha256Hex(body))
                .isEqualTo("726d99fb7576309abda07baad224eb3a30306a287b195a75cc4c1b45b9c62659");
        assertThat(signed.canonicalRequest()).contains("host:127.0.0.1:45575\n");
        assertThat(signed.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKE/20261127/us-east-1/qldb/"
                + "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
                + "Signature=");
        assertThat(signed.toString()).doesNotContain("secret");
    }

    @Test
    void hostHeaderOmitsOnlyTheDefaultPort() {
        assertThat(SigV4Signer.hostHeader(URI.create("http://localhost:80/"))).isEqualTo("localhost");
        assertThat(SigV4Signer.hostHeader(URI.create("https://localhost:443/"))).isEqualTo("localhost");
        assertThat(SigV4Signer.hostHeader(URI.create("https://localhost:80/"))).isEqualTo("localhost:80");
        assertThat(SigV4Signer.hostHeader(URI.create("http://127.0.0.1:8080/"))).isEqualTo("127.0.0.1:8080");
        assertThat(SigV4Signer.hostHeader(URI.create("http://[::1]:8080/"))).isEqualTo("[::1]:8080");
    }

    @Test
    void refusesHeadersItSetsItselfAndHidesTheSecret() {
        assertThatThrownBy(() -> SUITE_SIGNER.sign("GET", URI.create("https://example.amazonaws.com/"),
                Map.of("X-Amz-Date", "x"), NO_BODY, SUITE_TIME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SUITE_SIGNER.sign("GET", URI.create("https://example.amazonaws.com/"),
                Map.of("a", "1", "A", "2"), NO_BODY, SUITE_TIME)).hasMessageContaining("twice");
        assertThat(SUITE.toString()).doesNotContain("EXAMPLEKEY");
        assertThat(SUITE_SIGNER.toString()).doesNotContain("EXAMPLEKEY");
    }

    @Test
    void canonicalHeaderValuesCollapseWhitespaceLikeTheRegexOfTheSpecification() {
        java.util.Random random = new java.util.Random(11);
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', 'x', '=', '\u000b'};
        for (int i = 0; i < 20_000; i++) {
            char[] text = new char[random.nextInt(12)];
            for (int j = 0; j < text.length; j++) {
                text[j] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(text);
            org.assertj.core.api.Assertions.assertThat(SigV4Signer.canonicalHeaderValue(value)).as("'%s'", value)
                    .isEqualTo(value.strip().replaceAll("\\s+", " "));
        }
    }
}
