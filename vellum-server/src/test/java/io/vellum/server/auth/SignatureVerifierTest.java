package io.vellum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The AWS SDK's own SigV4 signer produces requests the verifier accepts; every tampering is refused. */
class SignatureVerifierTest {
    private static final String KEY_ID = "AKIAVELLUMTEST000001";
    private static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789+/AB";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private final SignatureVerifier verifier = new SignatureVerifier(AccessKeys.of(KEY_ID, SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsASessionApiRequestSignedByTheSdk() {
        SignedRequest request = sign(post("/", "{\"StartSession\":{\"LedgerName\":\"l\"}}"), SECRET, NOW, "qldb");
        assertThat(verifier.verify(request)).isEqualTo(AuthenticationResult.authenticated(KEY_ID));
    }

    @Test
    void acceptsEncodedPathsAndQueries() {
        // TagResource: an ARN in the path with ':' and '/' percent-encoded; the canonical URI encodes them again.
        SdkHttpRequest tags = SdkHttpRequest.builder().method(SdkHttpMethod.DELETE)
                .uri(URI.create("http://127.0.0.1:8080/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A000000000000%3Aledger%2Fmy-ledger"))
                .appendRawQueryParameter("tagKeys", "b c")
                .appendRawQueryParameter("tagKeys", "a+b/é")
                .appendRawQueryParameter("max_results", "5")
                .build();
        assertThat(verifier.verify(sign(tags, "", SECRET, NOW, "qldb")).isAuthenticated()).isTrue();
        SdkHttpRequest dotted = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://127.0.0.1:8080/ledgers/a/../b/")).build();
        assertThat(verifier.verify(sign(dotted, "", SECRET, NOW, "qldb")).isAuthenticated()).isTrue();
        // Normalisation leaves "/ledgers/a/" here; the SDK drops a trailing '/' the request's path does not have.
        SdkHttpRequest dotDotAtTheEnd = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://127.0.0.1:8080/ledgers/a/b/..")).build();
        assertThat(verifier.verify(sign(dotDotAtTheEnd, "", SECRET, NOW, "qldb")).isAuthenticated()).isTrue();
    }

    @Test
    void acceptsAnyRegionAndServiceInTheScope() {
        SignedRequest request = sign(post("/v1/ledgers", "{}"), SECRET, NOW, "vellum", "eu-west-3");
        assertThat(verifier.verify(request).isAuthenticated()).isTrue();
    }

    @Test
    void refusesAWrongSecret() {
        AuthenticationResult result = verifier.verify(sign(post("/", "{}"), SECRET.replace('a', 'b'), NOW, "qldb"));
        assertThat(result.errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(result.message()).startsWith("The request signature we calculated does not match")
                .contains("The Canonical String for this request should have been");
    }

    @Test
    void refusesATamperedBody() {
        SignedRequest signed = sign(post("/", "{\"a\":1}"), SECRET, NOW, "qldb");
        SignedRequest tampered = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), "{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        AuthenticationResult result = verifier.verify(tampered);
        assertThat(result.errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(result.message()).contains("x-amz-content-sha256");
        // Without the content-hash header the body hash goes into the canonical request, so the signature breaks.
        Map<String, String> withoutHash = new HashMap<>(tampered.headers());
        withoutHash.remove("x-amz-content-sha256");
        assertThat(verifier.verify(new SignedRequest(tampered.method(), tampered.rawPath(), null, withoutHash,
                tampered.body())).errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
    }

    @Test
    void refusesATamperedSignedHeaderPathOrQuery() {
        SignedRequest signed = sign(post("/", "{}"), SECRET, NOW, "qldb");
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("x-amz-target", "QLDBSession.Other");
        assertThat(verifier.verify(new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), headers,
                signed.body())).errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(verifier.verify(new SignedRequest(signed.method(), "/ledgers", signed.rawQuery(),
                signed.headers(), signed.body())).errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(verifier.verify(new SignedRequest(signed.method(), signed.rawPath(), "x=1", signed.headers(),
                signed.body())).errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(verifier.verify(new SignedRequest("PUT", signed.rawPath(), signed.rawQuery(), signed.headers(),
                signed.body())).errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
    }

    @Test
    void refusesARequestOlderOrNewerThanFifteenMinutes() {
        AuthenticationResult old = verifier.verify(sign(post("/", "{}"), SECRET,
                NOW.minus(Duration.ofMinutes(15)).minusSeconds(1), "qldb"));
        assertThat(old.errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(old.message()).isEqualTo("Signature expired: 20260304T045106Z is now earlier than 20260304T045107Z"
                + " (20260304T050607Z - 15 min.)");
        AuthenticationResult future = verifier.verify(sign(post("/", "{}"), SECRET, NOW.plus(Duration.ofMinutes(16)),
                "qldb"));
        assertThat(future.errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(future.message()).startsWith("Signature not yet current: 20260304T052207Z is still later than");
        assertThat(verifier.verify(sign(post("/", "{}"), SECRET, NOW.minus(Duration.ofMinutes(14)), "qldb"))
                .isAuthenticated()).isTrue();
    }

    @Test
    void refusesUnknownKeysMissingAndMalformedAuthorization() {
        SignedRequest signed = sign(post("/", "{}"), SECRET, NOW, "qldb");
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("authorization", signed.header("authorization").replace(KEY_ID, "AKIAUNKNOWN000000000"));
        assertThat(verifier.verify(withHeaders(signed, headers)).errorType())
                .isEqualTo(SignatureVerifier.UNRECOGNIZED_CLIENT);
        headers.remove("authorization");
        assertThat(verifier.verify(withHeaders(signed, headers)).errorType())
                .isEqualTo(SignatureVerifier.MISSING_AUTHENTICATION);
        headers.put("authorization", "Basic dXNlcjpwYXNz");
        assertThat(verifier.verify(withHeaders(signed, headers)).errorType())
                .isEqualTo(SignatureVerifier.INCOMPLETE_SIGNATURE);
        headers.put("authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20260304/us-east-1/qldb/aws4_request");
        assertThat(verifier.verify(withHeaders(signed, headers)).errorType())
                .isEqualTo(SignatureVerifier.INCOMPLETE_SIGNATURE);
        headers.put("authorization", signed.header("authorization"));
        headers.remove("x-amz-date");
        assertThat(verifier.verify(withHeaders(signed, headers)).errorType())
                .isEqualTo(SignatureVerifier.INCOMPLETE_SIGNATURE);
    }

    @Test
    void refusesAnUnsignedPayload() {
        SignedRequest signed = sign(post("/", "{}"), SECRET, NOW, "qldb");
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        AuthenticationResult result = verifier.verify(withHeaders(signed, headers));
        assertThat(result.errorType()).isEqualTo(SignatureVerifier.INVALID_SIGNATURE);
        assertThat(result.message()).contains("requires the payload to be signed");
    }

    private static SignedRequest withHeaders(SignedRequest request, Map<String, String> headers) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    private static SdkHttpRequest post(String path, String ignoredBody) {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8080" + path))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "QLDBSession.SendCommand")
                .build();
    }

    private static SignedRequest sign(SdkHttpRequest request, String secret, Instant at, String service) {
        return sign(request, "{}", secret, at, service, "us-east-1");
    }

    private static SignedRequest sign(SdkHttpRequest request, String secret, Instant at, String service,
                                      String region) {
        return sign(request, "{}", secret, at, service, region);
    }

    private static SignedRequest sign(SdkHttpRequest request, String body, String secret, Instant at,
                                      String service) {
        return sign(request, body, secret, at, service, "us-east-1");
    }

    /** Signs with the SDK (payload hash header on, as SDK 2.36 sends it) and turns it into what the server sees. */
    static SignedRequest sign(SdkHttpRequest request, String body, String secret, Instant at, String service,
                              String region) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest withLength = request.toBuilder().putHeader("Content-Length", String.valueOf(bytes.length))
                .build();
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY_ID, secret))
                .request(withLength)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
        }
        headers.putIfAbsent("host", "127.0.0.1:8080");
        URI uri = signed.request().getUri();
        return new SignedRequest(signed.request().method().name(), uri.getRawPath(), uri.getRawQuery(), headers, bytes);
    }

    @Test
    void amzDatesParseLikeTheJdkFormatterAndMalformedOnesAreRefused() {
        java.time.format.DateTimeFormatter formatter = java.time.format.DateTimeFormatter
                .ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(4_102_444_800L));
            assertThat(SignatureVerifier.parseAmzDate(formatter.format(instant))).isEqualTo(instant);
        }
        for (String malformed : List.of("", "20261127T124700", "20261127T124700z", "20261127 124700Z",
                "2026112TT124700Z", "20261327T124700Z", "20260230T124700Z", "20261127T246000Z", "2026-11-27T12:47Z",
                "20261127T12470AZ", "202611270124700Z")) {
            assertThat(SignatureVerifier.parseAmzDate(malformed)).as(malformed).isNull();
        }
    }
}
