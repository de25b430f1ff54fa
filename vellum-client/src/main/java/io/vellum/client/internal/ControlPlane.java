package io.vellum.client.internal;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.verify.BlockProof;
import io.vellum.client.LedgerConnectionException;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.block.Revision;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The QLDB control-plane reads a verifier needs (COMPATIBILITY.md §9, REST-JSON, SigV4 service {@code qldb}, no
 * {@code X-Amz-Target}): GetDigest, GetRevision and GetBlock of one ledger. The answers are parsed, never trusted:
 * checking them is {@link io.vellum.client.LedgerVerifier}'s job. Parsing is strict so that each value exists in one
 * copy only, the one verified and returned: an unknown or repeated member is a protocol violation. These reads change nothing, so HTTP 500/503 and
 * network failures are retried as the retry policy allows. Thread-safe.
 */
public final class ControlPlane {
    private final SignedHttp http;
    private final URI ledgerUri;
    private final IonSystem ion;
    private final RetryPolicy retryPolicy;
    private final TransactionRunner.Sleeper sleeper;

    /**
     * @param baseUri the server's base URI, ending in {@code /}
     */
    public ControlPlane(SignedHttp http, URI baseUri, String ledgerName, IonSystem ion, RetryPolicy retryPolicy,
            TransactionRunner.Sleeper sleeper) {
        this.http = Objects.requireNonNull(http, "http");
        this.ledgerUri = baseUri.resolve("ledgers/" + SigV4Signer.percentEncode(ledgerName) + "/");
        this.ion = Objects.requireNonNull(ion, "ion");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** GetDigest: the digest at the ledger's latest committed block. */
    public LedgerDigest getDigest() {
        JsonNode answer = post("GetDigest", "digest", null);
        requireOnly(answer, "GetDigest", Set.of("Digest", "DigestTipAddress"));
        String digestText = text(answer, "Digest", "GetDigest");
        String tipText = ionText(answer, "DigestTipAddress", "GetDigest");
        Hash digest = parse("GetDigest", "Digest", () -> Hash.fromBase64(digestText));
        BlockAddress tip = parse("GetDigest", "DigestTipAddress", () -> BlockAddress.parseIonText(tipText));
        return parse("GetDigest", "Digest", () -> new LedgerDigest(digest, tip));
    }

    /** GetRevision; the proof is requested (and returned) only when {@code digestTipAddress} is not null. */
    public RevisionProof getRevision(BlockAddress blockAddress, String documentId, BlockAddress digestTipAddress) {
        ObjectNode body = SharedJson.MAPPER.createObjectNode();
        body.putObject("BlockAddress").put("IonText", blockAddress.toIonText());
        body.put("DocumentId", Objects.requireNonNull(documentId, "documentId"));
        if (digestTipAddress != null) {
            body.putObject("DigestTipAddress").put("IonText", digestTipAddress.toIonText());
        }
        JsonNode answer = post("GetRevision", "revision", body);
        requireOnly(answer, "GetRevision", Set.of("Revision", "Proof"));
        String revisionText = ionText(answer, "Revision", "GetRevision");
        Revision revision = parse("GetRevision", "Revision",
                () -> Revision.fromIon(IonValueCodec.decode(ion, revisionText)));
        return new RevisionProof(revision, proof(answer, "GetRevision"));
    }

    /** GetBlock; the proof is requested (and returned) only when {@code digestTipAddress} is not null. */
    public BlockProof getBlock(BlockAddress blockAddress, BlockAddress digestTipAddress) {
        ObjectNode body = SharedJson.MAPPER.createObjectNode();
        body.putObject("BlockAddress").put("IonText", blockAddress.toIonText());
        if (digestTipAddress != null) {
            body.putObject("DigestTipAddress").put("IonText", digestTipAddress.toIonText());
        }
        JsonNode answer = post("GetBlock", "block", body);
        requireOnly(answer, "GetBlock", Set.of("Block", "Proof"));
        String blockText = ionText(answer, "Block", "GetBlock");
        JournalBlock block = parse("GetBlock", "Block", () -> JournalBlock.fromIon(IonValueCodec.decode(ion, blockText)));
        return new BlockProof(block, proof(answer, "GetBlock"));
    }

    private List<Hash> proof(JsonNode answer, String operation) {
        if (!answer.path("Proof").isObject()) {
            return List.of();
        }
        String proofText = ionText(answer, "Proof", operation);
        return parse(operation, "Proof", () -> ProofText.parse(proofText));
    }

    private JsonNode post(String operation, String path, ObjectNode body) {
        URI uri = ledgerUri.resolve(path);
        byte[] bytes;
        Map<String, String> headers;
        if (body == null) {
            // As the AWS SDK sends GetDigest: no body and no content type.
            bytes = new byte[0];
            headers = Map.of();
        } else {
            bytes = serialize(body);
            headers = Map.of("Content-Type", "application/json");
        }
        int retries = 0;
        while (true) {
            try {
                return send(operation, uri, headers, bytes);
            } catch (LedgerException failure) {
                FailureKind kind = FailureKind.of(failure);
                if (kind != FailureKind.TRANSIENT || !retryPolicy.allowsAnotherAttempt(retries + 1)) {
                    throw failure;
                }
                retries++;
                try {
                    sleeper.sleep(retryPolicy.backoff(retries));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry " + operation, e);
                }
            }
        }
    }

    private JsonNode send(String operation, URI uri, Map<String, String> headers, byte[] body) {
        HttpAnswer answer;
        try {
            answer = http.send("POST", uri, headers, body);
        } catch (IOException e) {
            throw new LedgerConnectionException(operation + " got no answer from " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the answer to " + operation, e);
        }
        if (!answer.isSuccess()) {
            throw ServiceErrors.fromAnswer(answer);
        }
        try {
            // A member given twice would be a second copy of which only one gets verified: refuse it.
            JsonNode root = SharedJson.MAPPER.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(answer.body());
            if (root == null || !root.isObject()) {
                throw malformed(operation, "not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw malformed(operation, "not JSON: " + e.getMessage());
        }
    }

    private static byte[] serialize(ObjectNode body) {
        try {
            return SharedJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings always serialises", e);
        }
    }

    private static String text(JsonNode answer, String field, String operation) {
        JsonNode value = answer.path(field);
        if (!value.isTextual()) {
            throw malformed(operation, "no " + field);
        }
        return value.asText();
    }

    /**
     * Requires the answer to have no member but {@code allowed}: the client verifies and returns exactly one copy
     * of each value, so a member it does not know (another copy of the data, say) is a protocol violation rather
     * than something silently left unchecked. Repeated members are refused when the answer is parsed.
     */
    private static void requireOnly(JsonNode answer, String operation, Set<String> allowed) {
        answer.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw malformed(operation, "unknown member \"" + name + "\" (an answer has only "
                        + new TreeSet<>(allowed) + "; an unknown copy cannot be checked)");
            }
        });
    }

    /** A {@code {"IonText": "…"}} member (QLDB's {@code ValueHolder}), with no other member. */
    private static String ionText(JsonNode answer, String field, String operation) {
        JsonNode holder = answer.path(field);
        if (holder.isObject()) {
            requireOnly(holder, operation, Set.of("IonText"));
        }
        JsonNode value = holder.path("IonText");
        if (!value.isTextual()) {
            throw malformed(operation, "no " + field + ".IonText");
        }
        return value.asText();
    }

    /** Runs a parser of one answer field, reporting its failure as a protocol violation naming the field. */
    private static <T> T parse(String operation, String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (LedgerException | IllegalArgumentException | IonException e) {
            throw malformed(operation, field + ": " + e.getMessage());
        }
    }

    private static LedgerException malformed(String operation, String problem) {
        return new LedgerException(ErrorCode.INVALID_REQUEST,
                "protocol violation: the server's answer to " + operation + " is malformed: " + problem);
    }
}
