package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.ErrorCode;
import io.vellum.proof.LedgerException;
import io.vellum.server.HttpRequest;
import io.vellum.server.LedgerRegistry;
import io.vellum.server.LedgerInfo;
import java.util.List;
import java.util.Map;

/**
 * TagResource, UntagResource and ListTagsForResource on {@code /tags/{resourceArn}} (SPEC §3). Only ledger ARNs name
 * taggable resources in Vellum (streams come later); any other ARN, or the ARN of a ledger in another account or
 * region, is not found. The registry enforces QLDB's tag limits (a refusal is an invalid {@code Tags}).
 */
final class TagOperations {
    private static final int MAXIMUM_TAG_KEYS = 200;
    private static final int MAXIMUM_TAG_KEY_LENGTH = 128;
    private static final String LEDGER_ARN_MARKER = ":ledger/";

    private final LedgerRegistry registry;
    private final ControlPlaneResponses responses;

    TagOperations(LedgerRegistry registry, ControlPlaneResponses responses) {
        this.registry = registry;
        this.responses = responses;
    }

    /** {@code GET /tags/{arn}}: {@code {Tags:{…}}}. */
    ObjectNode list(String arn) {
        LedgerInfo info = describe(ledgerName(arn), arn);
        return tags(info.tags());
    }

    /** {@code POST /tags/{arn}} with {@code {Tags:{…}}}: adds or overwrites the given tags. */
    void tag(String arn, RequestMembers request) {
        if (!request.has("Tags")) {
            throw ControlPlaneException.invalidParameter("Tags", "Tags is required");
        }
        Map<String, String> tags = request.stringMap("Tags");
        String name = ledgerName(arn);
        describe(name, arn);
        LedgerFailures.call(name, "Tags", () -> registry.tag(name, tags));
    }

    /** {@code DELETE /tags/{arn}?tagKeys=…&tagKeys=…}: removes the given keys; absent keys are ignored. */
    void untag(String arn, HttpRequest request) {
        List<String> keys = request.query().getOrDefault("tagKeys", List.of());
        if (keys.isEmpty()) {
            throw ControlPlaneException.invalidParameter("TagKeys", "tagKeys is required (one query parameter per key)");
        }
        // QLDB's model: 0 to 200 keys of 1 to 128 characters.
        if (keys.size() > MAXIMUM_TAG_KEYS) {
            throw ControlPlaneException.invalidParameter("TagKeys", "at most " + MAXIMUM_TAG_KEYS + " tagKeys, not "
                    + keys.size());
        }
        for (String key : keys) {
            if (key.isEmpty() || key.length() > MAXIMUM_TAG_KEY_LENGTH) {
                throw ControlPlaneException.invalidParameter("TagKeys", "a tag key has 1 to "
                        + MAXIMUM_TAG_KEY_LENGTH + " characters, not " + key.length());
            }
        }
        String name = ledgerName(arn);
        describe(name, arn);
        LedgerFailures.call(name, "TagKeys", () -> registry.untag(name, keys));
    }

    /** The ledger named by a ledger ARN ({@code arn:aws:qldb:<region>:<account>:ledger/<name>}). */
    private static String ledgerName(String arn) {
        int marker = arn.indexOf(LEDGER_ARN_MARKER);
        if (!arn.startsWith("arn:") || marker < 0) {
            throw ControlPlaneException.invalidParameter("ResourceArn",
                    "not a QLDB ledger ARN (arn:aws:qldb:<region>:<account>:ledger/<name>): " + arn);
        }
        return arn.substring(marker + LEDGER_ARN_MARKER.length());
    }

    /** The ledger's description, when {@code arn} is exactly its ARN (same region and account). */
    private LedgerInfo describe(String name, String arn) {
        try {
            LedgerInfo info = registry.describe(name);
            if (info.arn().equals(arn)) {
                return info;
            }
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw LedgerFailures.of(e, name, "ResourceArn");
            }
        }
        throw ControlPlaneException.notFound(ControlPlaneException.LEDGER, arn, "No resource has the ARN " + arn);
    }

    private ObjectNode tags(Map<String, String> tags) {
        ObjectNode body = responses.object();
        ObjectNode members = body.putObject("Tags");
        tags.forEach(members::put);
        return body;
    }
}
