package io.vellum.client.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.client.LedgerConnectionException;
import io.vellum.client.LedgerServiceException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.proof.signature.SignedDigest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The native-API reads that go beyond QLDB's control plane (signed digests, consistency proofs, public keys):
 * {@code GET /v1/ledgers/{name}/digest|consistency|keys} and the key rotation {@code POST …/keys}, SigV4-signed. Answers are parsed, never trusted; checking is
 * {@link io.vellum.client.LedgerVerifier}'s job. Network failures and 500/503 are retried as the policy allows.
 * Thread-safe.
 */
public final class NativeProofReads {
    /** A consistency answer as the server sent it. */
    public record ConsistencyAnswer(LedgerDigest from, SignedDigest to, List<Hash> proof) {
    }

    /** One published key as the server sent it; {@code retiredAt} null for the active key. */
    public record PublishedKey(Ed25519PublicKey publicKey, Instant createdAt, Instant retiredAt) {
    }

    private final SignedHttp http;
    private final URI ledgerUri;
    private final String ledgerName;
    private final RetryPolicy retryPolicy;
    private final TransactionRunner.Sleeper sleeper;

    public NativeProofReads(SignedHttp http, URI baseUri, String ledgerName, RetryPolicy retryPolicy,
            TransactionRunner.Sleeper sleeper) {
        this.http = Objects.requireNonNull(http, "http");
        this.ledgerName = Objects.requireNonNull(ledgerName, "ledgerName");
        this.ledgerUri = baseUri.resolve("v1/ledgers/" + SigV4Signer.percentEncode(ledgerName) + "/");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** {@code GET …/digest}: the latest digest with its signature. */
    public SignedDigest signedDigest() {
        JsonNode answer = get("digest");
        return parse("digest", () -> signed(answer));
    }

    /** {@code GET …/consistency?from=&to=}. */
    public ConsistencyAnswer consistency(long from, long to) {
        JsonNode answer = get("consistency?from=" + from + "&to=" + to);
        return parse("consistency", () -> {
            List<Hash> proof = new ArrayList<>();
            JsonNode hashes = answer.path("proof");
            if (!hashes.isArray()) {
                throw new IllegalArgumentException("no proof array");
            }
            hashes.forEach(hash -> proof.add(Hash.fromBase64(requireText(hash, "proof entry"))));
            return new ConsistencyAnswer(digest(answer.path("from")), signed(answer.path("to")), List.copyOf(proof));
        });
    }

    /** {@code GET …/keys}: every published key, oldest first. */
    public List<PublishedKey> keys() {
        return publishedKeys(get("keys"));
    }

    /**
     * {@code POST …/keys}: rotates the ledger's signing key and returns every key after the rotation, oldest first.
     * Sent once, never retried: a retry after a lost answer would rotate twice.
     */
    public List<PublishedKey> rotateKey() {
        return publishedKeys(send("POST", ledgerUri.resolve("keys")));
    }

    private static List<PublishedKey> publishedKeys(JsonNode answer) {
        return parse("keys", () -> {
            List<PublishedKey> keys = new ArrayList<>();
            for (JsonNode key : answer.path("keys")) {
                JsonNode retired = key.path("retiredAt");
                keys.add(new PublishedKey(Ed25519PublicKey.fromBase64(requireText(key.path("publicKey"), "publicKey")),
                        Instant.parse(requireText(key.path("createdAt"), "createdAt")),
                        retired.isNull() || retired.isMissingNode() ? null : Instant.parse(retired.asText())));
            }
            return List.copyOf(keys);
        });
    }

    private SignedDigest signed(JsonNode holder) {
        JsonNode signature = holder.path("signature");
        if (!signature.isObject()) {
            throw new IllegalArgumentException("no signature");
        }
        if (!"Ed25519".equals(signature.path("algorithm").asText())) {
            throw new IllegalArgumentException("signature.algorithm must be Ed25519, got " + signature.path("algorithm"));
        }
        return new SignedDigest(ledgerName, digest(holder), Instant.parse(requireText(signature.path("signedAt"),
                "signature.signedAt")), requireText(signature.path("keyId"), "signature.keyId"),
                Ed25519Signature.fromBase64(requireText(signature.path("value"), "signature.value")));
    }

    private static LedgerDigest digest(JsonNode holder) {
        return new LedgerDigest(Hash.fromBase64(requireText(holder.path("digest"), "digest")), new BlockAddress(
                requireText(holder.path("tipAddress").path("strandId"), "tipAddress.strandId"),
                holder.path("tipAddress").path("sequenceNo").asLong(-1)));
    }

    private static String requireText(JsonNode node, String what) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("no " + what);
        }
        return node.asText();
    }

    private static <T> T parse(String what, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the server's " + what + " answer is malformed: "
                    + e.getMessage());
        }
    }

    private JsonNode get(String path) {
        URI uri = ledgerUri.resolve(path);
        int retries = 0;
        while (true) {
            try {
                return send("GET", uri);
            } catch (LedgerException failure) {
                if (FailureKind.of(failure) != FailureKind.TRANSIENT || !retryPolicy.allowsAnotherAttempt(retries + 1)) {
                    throw failure;
                }
                retries++;
                try {
                    sleeper.sleep(retryPolicy.backoff(retries));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry GET " + uri, e);
                }
            }
        }
    }

    private JsonNode send(String method, URI uri) {
        HttpAnswer answer;
        try {
            answer = http.send(method, uri, Map.of(), new byte[0]);
        } catch (IOException e) {
            throw new LedgerConnectionException(method + " " + uri + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for " + method + " " + uri, e);
        }
        JsonNode body;
        try {
            body = SharedJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(answer.body());
        } catch (IOException e) {
            body = null;
        }
        if (!answer.isSuccess()) {
            JsonNode error = body == null ? null : body.path("error");
            if (error != null && error.path("code").isTextual()) {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(error.path("code").asText());
                } catch (IllegalArgumentException unknown) {
                    code = ErrorCode.INVALID_REQUEST;
                }
                throw new LedgerServiceException(code, error.path("code").asText(), error.path("message").asText(),
                        answer.status(), answer.header("x-amzn-RequestId"));
            }
            throw ServiceErrors.fromAnswer(answer);
        }
        if (body == null || !body.isObject()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, method + " " + uri + " answered no JSON object");
        }
        return body;
    }
}
