package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.hosting.LedgerInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * TagResource, UntagResource and ListTagsForResource on {@code /tags/{resourceArn}} (COMPATIBILITY.md §9) for the resources QLDB
 * tags that Vellum has: ledgers ({@code arn:aws:qldb:<region>:<account>:ledger/<name>}) and tables
 * ({@code …:ledger/<name>/table/<tableId>}, active or dropped; streams come later). The ARN of a ledger in another
 * account or region, or of a table the ledger does not have, is not found. A ledger's tags are server metadata (the
 * registry); a table's tags live in its catalog document, so changing them journals a catalog revision (as
 * {@code CREATE TABLE … WITH (aws_tags = …)} does). QLDB's tag limits are enforced (a refusal is an invalid
 * {@code Tags}).
 */
final class TagOperations {
    private static final int MAXIMUM_TAG_KEYS = 200;
    private static final int MAXIMUM_TAG_KEY_LENGTH = 128;
    private static final String LEDGER_ARN_MARKER = ":ledger/";
    private static final String TABLE_ARN_MARKER = "/table/";
    private static final String TABLE = "TABLE";

    private final LedgerRegistry registry;
    private final ControlPlaneResponses responses;

    TagOperations(LedgerRegistry registry, ControlPlaneResponses responses) {
        this.registry = registry;
        this.responses = responses;
    }

    /** {@code GET /tags/{arn}}: {@code {Tags:{…}}}. */
    ObjectNode list(String arn) {
        Resource resource = Resource.of(arn);
        LedgerInfo info = describe(resource.ledgerName(), resource.ledgerArn());
        if (resource.tableId() == null) {
            return tags(info.tags());
        }
        return tags(LedgerFailures.call(resource.ledgerName(), "ResourceArn", () -> registry
                .ledger(resource.ledgerName()).table(resource.tableId()))
                .orElseThrow(() -> tableNotFound(arn)).tags());
    }

    /** {@code POST /tags/{arn}} with {@code {Tags:{…}}}: adds or overwrites the given tags. */
    void tag(String arn, RequestMembers request) {
        if (!request.has("Tags")) {
            throw ControlPlaneException.invalidParameter("Tags", "Tags is required");
        }
        Map<String, String> tags = request.stringMap("Tags");
        Resource resource = Resource.of(arn);
        String name = resource.ledgerName();
        describe(name, resource.ledgerArn());
        if (resource.tableId() == null) {
            LedgerFailures.call(name, "Tags", () -> registry.tag(name, tags));
            return;
        }
        changeTableTags(resource, arn, "Tags", current -> {
            Map<String, String> merged = new TreeMap<>(current);
            merged.putAll(tags);
            return merged;
        });
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
        Resource resource = Resource.of(arn);
        String name = resource.ledgerName();
        describe(name, resource.ledgerArn());
        if (resource.tableId() == null) {
            LedgerFailures.call(name, "TagKeys", () -> registry.untag(name, keys));
            return;
        }
        changeTableTags(resource, arn, "TagKeys", current -> {
            Map<String, String> remaining = new TreeMap<>(current);
            keys.forEach(remaining::remove);
            return remaining;
        });
    }

    private void changeTableTags(Resource resource, String arn, String parameterName,
                                 UnaryOperator<Map<String, String>> change) {
        try {
            registry.ledger(resource.ledgerName()).changeTableTags(resource.tableId(), change);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw tableNotFound(arn);
            }
            throw LedgerFailures.of(e, resource.ledgerName(), parameterName);
        }
    }

    private static ControlPlaneException tableNotFound(String arn) {
        return ControlPlaneException.notFound(TABLE, arn, "No resource has the ARN " + arn);
    }

    /**
     * What an ARN names: a ledger ({@code arn:aws:qldb:<region>:<account>:ledger/<name>}, {@code tableId} null) or
     * one of its tables ({@code …:ledger/<name>/table/<tableId>}).
     */
    private record Resource(String ledgerArn, String ledgerName, String tableId) {
        static Resource of(String arn) {
            int marker = arn.indexOf(LEDGER_ARN_MARKER);
            if (!arn.startsWith("arn:") || marker < 0) {
                throw notTaggable(arn);
            }
            String path = arn.substring(marker + LEDGER_ARN_MARKER.length());
            int table = path.indexOf(TABLE_ARN_MARKER);
            if (table < 0) {
                if (path.contains("/")) {
                    throw notTaggable(arn);
                }
                return new Resource(arn, path, null);
            }
            String tableId = path.substring(table + TABLE_ARN_MARKER.length());
            String ledgerName = path.substring(0, table);
            if (ledgerName.isEmpty() || ledgerName.contains("/") || tableId.isEmpty() || tableId.contains("/")) {
                throw notTaggable(arn);
            }
            return new Resource(arn.substring(0, marker + LEDGER_ARN_MARKER.length()) + ledgerName, ledgerName,
                    tableId);
        }

        private static ControlPlaneException notTaggable(String arn) {
            return ControlPlaneException.invalidParameter("ResourceArn", "not the ARN of a QLDB ledger"
                    + " (arn:aws:qldb:<region>:<account>:ledger/<name>) or table (…:ledger/<name>/table/<tableId>): "
                    + arn);
        }
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
