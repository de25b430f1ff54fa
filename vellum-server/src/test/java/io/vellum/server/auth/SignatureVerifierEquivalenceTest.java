package io.vellum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The verifier reads the Authorization header by index and hashes from per-thread buffers (session 11); it must
 * answer every request exactly as the string-splitting verifier it replaced ({@link StringSplittingVerifier}): the
 * same acceptance, the same refusal type and the same message, for SDK-signed requests and for thousands of
 * mutations of them (components reordered, repeated, emptied; whitespace of every kind; a broken credential,
 * scope, date, header list, payload hash, header value or body).
 */
class SignatureVerifierEquivalenceTest {
    private static final String KEY_ID = "AKIAVELLUMTEST000001";
    private static final String SECRET = "abcdefghijklmnopqrstuvwxyz0123456789+/AB";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    private static final String[] PIECES = {",", " ", "=", "/", ";", "\t", "\u2003", "\u00a0", "a", "A", "é", "\n",
            "Credential", "SignedHeaders", "Signature", "host", "x-amz-date", "aws4_request", "AKIAVELLUMTEST000001",
            "20260304", ",,", " = ", "=="};

    private final SignatureVerifier verifier = new SignatureVerifier(AccessKeys.of(KEY_ID, SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final StringSplittingVerifier reference = new StringSplittingVerifier(AccessKeys.of(KEY_ID, SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void answersSdkSignedRequestsAndTheirMutationsExactlyAsTheStringSplittingVerifier() {
        List<SignedRequest> signed = List.of(
                SignatureVerifierTest.sign(post("/"), "{\"StartSession\":{\"LedgerName\":\"l\"}}", SECRET, NOW, "qldb",
                        "us-east-1"),
                SignatureVerifierTest.sign(post("/v1/ledgers/l/batches"), "{}", SECRET, NOW, "vellum", "eu-west-3"),
                SignatureVerifierTest.sign(SdkHttpRequest.builder().method(SdkHttpMethod.DELETE)
                        .uri(URI.create("http://127.0.0.1:8080/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A0%3Aledger%2Fl"))
                        .appendRawQueryParameter("tagKeys", "a+b/é").putHeader("X-Custom", "  a \t b  ")
                        .build(), "", SECRET, NOW, "qldb", "us-east-1"));
        for (SignedRequest request : signed) {
            assertThat(verifier.verify(request).isAuthenticated()).isTrue();
            assertSame(request);
        }
        Random random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 6_000; i++) {
            SignedRequest mutated = mutate(signed.get(random.nextInt(signed.size())), random);
            refused += assertSame(mutated) ? 0 : 1;
        }
        assertThat(refused).as("mutations refused").isGreaterThan(4_000);
    }

    /** Both verifiers give the same answer; returns whether it accepted. */
    private boolean assertSame(SignedRequest request) {
        AuthenticationResult expected = reference.verify(request);
        assertThat(verifier.verify(request)).as("%s", request.headers()).isEqualTo(expected);
        return expected.isAuthenticated();
    }

    private static SignedRequest mutate(SignedRequest request, Random random) {
        Map<String, String> headers = new HashMap<>(request.headers());
        byte[] body = request.body();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> headers.put("authorization", edit(headers.get("authorization"), random));
                case 3 -> headers.put("authorization", reorder(headers.get("authorization"), random));
                case 4 -> headers.put("x-amz-date", edit(headers.get("x-amz-date"), random));
                case 5 -> {
                    String hash = headers.get("x-amz-content-sha256");
                    headers.put("x-amz-content-sha256", hash != null && random.nextBoolean()
                            ? hash.toUpperCase(java.util.Locale.ROOT) : edit(hash, random));
                }
                case 6 -> {
                    List<String> names = new ArrayList<>(headers.keySet());
                    String name = names.get(random.nextInt(names.size()));
                    if (random.nextBoolean()) {
                        headers.remove(name);
                    } else {
                        headers.put(name, edit(headers.get(name), random));
                    }
                }
                case 7 -> body = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
                default -> headers.put("authorization", headers.getOrDefault("authorization", "")
                        .replace("SignedHeaders=", "SignedHeaders=" + PIECES[random.nextInt(PIECES.length)]));
            }
        }
        headers.values().removeIf(value -> value == null);
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, body);
    }

    /** Inserts, deletes or replaces a few characters or pieces at random places. */
    private static String edit(String text, Random random) {
        if (text == null) {
            return PIECES[random.nextInt(PIECES.length)];
        }
        StringBuilder edited = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(edited.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> edited.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 1 -> {
                    if (at < edited.length()) {
                        edited.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < edited.length()) {
                        edited.setCharAt(at, PIECES[random.nextInt(PIECES.length)].charAt(0));
                    }
                }
            }
        }
        return edited.toString();
    }

    /** The Authorization header's components shuffled, sometimes one repeated or dropped. */
    private static String reorder(String authorization, Random random) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return authorization;
        }
        List<String> components = new ArrayList<>(List.of(authorization.substring(17).split(",")));
        java.util.Collections.shuffle(components, random);
        if (random.nextBoolean()) {
            components.add(components.get(random.nextInt(components.size())));
        } else if (components.size() > 1 && random.nextBoolean()) {
            components.remove(random.nextInt(components.size()));
        }
        return "AWS4-HMAC-SHA256 " + String.join(random.nextBoolean() ? "," : " ,\t", components);
    }

    private static SdkHttpRequest post(String path) {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8080" + path))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "QLDBSession.SendCommand")
                .build();
    }
}
