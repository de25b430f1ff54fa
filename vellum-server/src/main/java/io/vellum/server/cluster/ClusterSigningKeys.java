package io.vellum.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.cluster.ClusterCatalog;
import io.vellum.engine.signing.SigningKeyInfo;
import io.vellum.proof.signature.Ed25519PublicKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digest-signing public keys of every node of the cluster, per ledger. Each node signs digests with its own
 * per-ledger Ed25519 keys (their private halves never leave the node) and publishes the public halves to the catalog
 * under {@code keys/<ledger>/<node>} ({@code [{"publicKey","createdAt","retiredAt"}…]}, oldest first, whenever they
 * change: creation, rotation); every node serves its own keys and the other nodes' at
 * {@code GET /v1/ledgers/<name>/keys}, so a client that verifies a signed digest against the served keys succeeds
 * whichever node signed it. Thread-safe.
 */
final class ClusterSigningKeys {
    static final String KEYS = "keys/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeId;
    /** ledger → node → keys, from the catalog. */
    private final Map<String, Map<String, List<SigningKeyInfo>>> keys = new ConcurrentHashMap<>();
    /** ledger → the entry this node published last (not published again while unchanged). */
    private final Map<String, byte[]> published = new ConcurrentHashMap<>();

    ClusterSigningKeys(String nodeId) {
        this.nodeId = nodeId;
    }

    static boolean owns(String key) {
        return key.startsWith(KEYS);
    }

    /** Applies a {@code keys/<ledger>/<node>} entry; a tombstone forgets that node's keys of the ledger. */
    void apply(String key, byte[] value) {
        String rest = key.substring(KEYS.length());
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String ledger = rest.substring(0, slash);
        String node = rest.substring(slash + 1);
        if (value == null) {
            Map<String, List<SigningKeyInfo>> nodes = keys.get(ledger);
            if (nodes != null) {
                nodes.remove(node);
            }
            return;
        }
        keys.computeIfAbsent(ledger, name -> new ConcurrentHashMap<>()).put(node, decode(value));
    }

    /** Publishes this node's keys of {@code ledger} when they differ from what it published last. */
    void publishIfChanged(ClusterCatalog catalog, String ledger, List<SigningKeyInfo> own) {
        byte[] entry = encode(own);
        byte[] last = published.get(ledger);
        if (last != null && Arrays.equals(last, entry)) {
            return;
        }
        catalog.publish(KEYS + ledger + "/" + nodeId, entry);
        published.put(ledger, entry);
    }

    /** Forgets every node's keys of a deleted ledger: tombstones for each known node's entry. */
    void ledgerDeleted(ClusterCatalog catalog, String ledger) {
        Map<String, List<SigningKeyInfo>> nodes = keys.getOrDefault(ledger, Map.of());
        for (String node : new ArrayList<>(nodes.keySet())) {
            catalog.publishLater(KEYS + ledger + "/" + node, null);
        }
        catalog.publishLater(KEYS + ledger + "/" + nodeId, null);
        published.remove(ledger);
    }

    /** The other nodes' public keys of {@code ledger}, by node id (sorted), each list oldest first. */
    Map<String, List<SigningKeyInfo>> otherNodes(String ledger) {
        Map<String, List<SigningKeyInfo>> others = new TreeMap<>(keys.getOrDefault(ledger, Map.of()));
        others.remove(nodeId);
        return others;
    }

    static byte[] encode(List<SigningKeyInfo> infos) {
        ArrayNode array = JSON.createArrayNode();
        for (SigningKeyInfo info : infos) {
            ObjectNode key = array.addObject();
            key.put("publicKey", info.publicKey().toBase64());
            key.put("createdAt", info.createdAt().toString());
            key.put("retiredAt", info.retiredAt() == null ? null : info.retiredAt().toString());
        }
        try {
            return JSON.writeValueAsBytes(array);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    static List<SigningKeyInfo> decode(byte[] value) {
        try {
            List<SigningKeyInfo> infos = new ArrayList<>();
            for (JsonNode key : JSON.readTree(value)) {
                JsonNode retired = key.get("retiredAt");
                infos.add(new SigningKeyInfo(Ed25519PublicKey.fromBase64(key.get("publicKey").asText()),
                        Instant.parse(key.get("createdAt").asText()),
                        retired == null || retired.isNull() ? null : Instant.parse(retired.asText())));
            }
            return List.copyOf(infos);
        } catch (IOException | RuntimeException e) {
            throw new io.vellum.error.LedgerException(io.vellum.error.ErrorCode.CORRUPTION,
                    "a catalog entry of signing keys is not a list of keys", e);
        }
    }
}
