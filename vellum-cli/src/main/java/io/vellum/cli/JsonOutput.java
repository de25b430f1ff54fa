package io.vellum.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;

/**
 * The {@code --json} answers of the commands: one JSON object on standard output, pretty-printed, with the members
 * each command documents (README, "Output for scripts"). Members are only ever added, never renamed or removed.
 * Hashes are Base64 strings, sequence numbers numbers, times ISO-8601 strings, absent values {@code null}.
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code {"strandId": …, "sequenceNo": N}}. */
    static ObjectNode address(BlockAddress address) {
        ObjectNode node = object();
        node.put("strandId", address.strandId());
        node.put("sequenceNo", address.sequenceNo());
        return node;
    }

    /** {@code {"digest": "<Base64>", "tipAddress": {"strandId": …, "sequenceNo": N}}}, or null. */
    static ObjectNode digest(LedgerDigest digest) {
        if (digest == null) {
            return null;
        }
        ObjectNode node = object();
        node.put("digest", digest.digest().toBase64());
        node.set("tipAddress", address(digest.tipAddress()));
        return node;
    }

    static String text(ObjectNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
