package io.vellum.server.nativeapi;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.engine.Ledger;
import io.vellum.engine.signing.SigningKeyInfo;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerRegistry;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Signed digests, consistency proofs and the ledger's public keys (beyond QLDB):
 * <ul>
 *   <li>{@code GET /v1/ledgers/{name}/consistency?from=N[&to=M]} →
 *       {@code {"ledger", "from": {"digest", "tipAddress"}, "to": {"digest", "tipAddress", "signature"}, "proof"}}:
 *       the RFC 9162 consistency proof (with {@code dot}) that the ledger at tip {@code to} (default: the latest
 *       block) extends the ledger at tip {@code from}; {@code to} is signed like a digest answer;</li>
 *   <li>{@code GET /v1/ledgers/{name}/keys} → {@code {"ledger", "keys": [{"keyId", "algorithm": "Ed25519",
 *       "publicKey", "createdAt", "retiredAt", "active"}…]}}, oldest first, the last one active;</li>
 *   <li>{@code POST /v1/ledgers/{name}/keys} (no body) → 201 and the same shape after a rotation: a new key signs from
 *       now on, the previous one is retired but stays listed so that the digests it signed stay verifiable.</li>
 * </ul>
 * A signature is {@code "signature": {"algorithm": "Ed25519", "keyId", "signedAt", "value"}}: {@code value} is the
 * Base64 Ed25519 signature over {@link io.vellum.proof.signature.SignedDigestBytes}'s bytes of (ledger, strand, tip, digest,
 * {@code signedAt}); {@code signedAt} is ISO-8601 UTC with exactly three fraction digits. Public keys are the Base64
 * of the 32-byte Ed25519 key; {@code keyId} is hex of the first 8 bytes of its SHA-256.
 *
 * <p>Errors: {@code from} missing or not a number, {@code from} after {@code to}, or either after the last committed
 * block: 400 INVALID_REQUEST.
 */
final class NativeSignedDigests {
    static final DateTimeFormatter SIGNED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final LedgerRegistry registry;

    NativeSignedDigests(LedgerRegistry registry) {
        this.registry = registry;
    }

    /** {@code "signature": {…}} of {@code digest}, signed now (or the cached signature at this tip). */
    static void signature(JsonGenerator json, Ledger ledger, String name, LedgerDigest digest) throws IOException {
        SignedDigest signed = ledger.signer().sign(name, digest);
        json.writeObjectFieldStart("signature");
        json.writeStringField("algorithm", "Ed25519");
        json.writeStringField("keyId", signed.keyId());
        json.writeStringField("signedAt", SIGNED_AT.format(signed.signedAt()));
        json.writeStringField("value", signed.signature().toBase64());
        json.writeEndObject();
    }

    HttpResponse consistency(String name, HttpRequest request) {
        Ledger ledger = registry.ledger(name);
        long last = ledger.digest().tipAddress().sequenceNo();
        String fromText = request.queryParameter("from");
        if (fromText == null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the query parameter from is required: the tip "
                    + "sequence number of the older digest (its tipAddress.sequenceNo)");
        }
        long from = NativeProofs.sequenceNumber("from", fromText);
        String toText = request.queryParameter("to");
        long to = toText == null ? last : NativeProofs.sequenceNumber("to", toText);
        if (to > last) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "to " + to + " is after the last committed block "
                    + last);
        }
        if (from > to) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "from " + from + " must not be after to " + to);
        }
        BlockAddress older = new BlockAddress(ledger.strandId(), from);
        BlockAddress newer = new BlockAddress(ledger.strandId(), to);
        List<Hash> proof = ledger.consistencyProof(older, newer);
        LedgerDigest fromDigest = ledger.digest(older);
        LedgerDigest toDigest = ledger.digest(newer);
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeStringField("ledger", name);
            NativeJson.digest(json, "from", fromDigest);
            json.writeObjectFieldStart("to");
            json.writeStringField("digest", toDigest.digest().toBase64());
            NativeJson.address(json, "tipAddress", toDigest.tipAddress());
            signature(json, ledger, name, toDigest);
            json.writeEndObject();
            NativeJson.proof(json, "proof", proof);
            json.writeEndObject();
        });
    }

    HttpResponse keys(String name) {
        return keysAnswer(200, name, registry.ledger(name).signer().keys(), registry.otherNodesSigningKeys(name));
    }

    HttpResponse rotate(String name) {
        Ledger ledger = registry.ledger(name);
        ledger.signer().rotate();
        return keysAnswer(201, name, ledger.signer().keys(), registry.otherNodesSigningKeys(name));
    }

    /**
     * In a cluster the other nodes' keys come first, each with its {@code "node"} (every node signs with its own
     * keys), then this node's, so the last key listed is still the one this node signs with.
     */
    private static HttpResponse keysAnswer(int status, String name, List<SigningKeyInfo> keys,
                                           java.util.Map<String, List<SigningKeyInfo>> otherNodes) {
        return NativeResponses.json(status, json -> {
            json.writeStartObject();
            json.writeStringField("ledger", name);
            json.writeArrayFieldStart("keys");
            for (java.util.Map.Entry<String, List<SigningKeyInfo>> node : otherNodes.entrySet()) {
                for (SigningKeyInfo key : node.getValue()) {
                    writeKey(json, key, node.getKey());
                }
            }
            for (SigningKeyInfo key : keys) {
                writeKey(json, key, null);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void writeKey(JsonGenerator json, SigningKeyInfo key, String node) throws IOException {
        {
            {
                json.writeStartObject();
                json.writeStringField("keyId", key.keyId());
                json.writeStringField("algorithm", "Ed25519");
                json.writeStringField("publicKey", key.publicKey().toBase64());
                json.writeStringField("createdAt", instant(key.createdAt()));
                if (key.retiredAt() == null) {
                    json.writeNullField("retiredAt");
                } else {
                    json.writeStringField("retiredAt", instant(key.retiredAt()));
                }
                json.writeBooleanField("active", key.active());
                if (node != null) {
                    json.writeStringField("node", node);
                }
                json.writeEndObject();
            }
        }
    }

    private static String instant(Instant instant) {
        return SIGNED_AT.format(instant);
    }
}
