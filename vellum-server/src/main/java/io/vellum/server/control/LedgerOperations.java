package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.hosting.LedgerInfo;
import io.vellum.server.hosting.LedgerNames;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * QLDB's ledger operations (COMPATIBILITY.md §9): CreateLedger, DescribeLedger, ListLedgers, UpdateLedger,
 * UpdateLedgerPermissionsMode and DeleteLedger, with the response members of the QLDB model.
 *
 * <p>Decisions where Vellum differs from QLDB, each refused with a clear error rather than faked:
 * <ul>
 *   <li>Ledgers are created synchronously, so {@code State} is {@code ACTIVE} at once (QLDB answers
 *       {@code CREATING}); clients that poll DescribeLedger until ACTIVE work unchanged.</li>
 *   <li>No KMS: a {@code KmsKey} member is refused, and responses carry no {@code KmsKeyArn} or
 *       {@code EncryptionDescription} rather than a claim of encryption at rest that Vellum does not make.</li>
 * </ul>
 */
final class LedgerOperations {
    private static final Set<String> PERMISSIONS_MODES = Set.of(LedgerRegistry.ALLOW_ALL, LedgerRegistry.STANDARD);
    /** The model's bounds for {@code max_results}. */
    private static final int MAX_RESULTS_LIMIT = 100;

    private final LedgerRegistry registry;
    private final ControlPlaneResponses responses;

    LedgerOperations(LedgerRegistry registry, ControlPlaneResponses responses) {
        this.registry = registry;
        this.responses = responses;
    }

    /** {@code POST /ledgers}. */
    ObjectNode create(RequestMembers request) {
        String name = request.requiredString("Name");
        String nameViolation = LedgerNames.violation(name);
        if (nameViolation != null) {
            throw ControlPlaneException.invalidParameter("Name", "Invalid ledger name: " + nameViolation);
        }
        String permissionsMode = permissionsMode(request);
        refuseKmsKey(request);
        Boolean deletionProtection = request.optionalBoolean("DeletionProtection");
        Map<String, String> tags = request.stringMap("Tags");
        // With the name and mode checked above, the registry's remaining INVALID_REQUEST is about the tags.
        LedgerInfo info = LedgerFailures.call(name, "Tags",
                () -> registry.create(name, deletionProtection == null || deletionProtection, permissionsMode, tags));
        ObjectNode body = summary(info);
        body.put("Arn", info.arn());
        body.put("PermissionsMode", info.permissionsMode());
        body.put("DeletionProtection", info.deletionProtection());
        return body;
    }

    /** {@code GET /ledgers/{name}}. */
    ObjectNode describe(String name) {
        LedgerInfo info = LedgerFailures.call(name, "Name", () -> registry.describe(name));
        ObjectNode body = summary(info);
        body.put("Arn", info.arn());
        body.put("PermissionsMode", info.permissionsMode());
        body.put("DeletionProtection", info.deletionProtection());
        return body;
    }

    /**
     * {@code GET /ledgers?max_results=&next_token=}. The token is the Base64 of the last name returned; since the
     * list is sorted by name, the next page starts after it even when ledgers are created or deleted in between.
     */
    ObjectNode list(HttpRequest request) {
        int maxResults = maxResults(request.queryParameter("max_results"));
        String after = afterToken(request.queryParameter("next_token"));
        List<LedgerInfo> ledgers = LedgerFailures.call(null, null, registry::list);
        ObjectNode body = responses.object();
        ArrayNode page = body.putArray("Ledgers");
        String last = null;
        boolean more = false;
        for (LedgerInfo info : ledgers) {
            if (after != null && info.name().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == maxResults) {
                more = true;
                break;
            }
            page.add(summary(info));
            last = info.name();
        }
        if (more) {
            body.put("NextToken", Base64.getEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    /** {@code PATCH /ledgers/{name}}. */
    ObjectNode update(String name, RequestMembers request) {
        refuseKmsKey(request);
        Boolean deletionProtection = request.optionalBoolean("DeletionProtection");
        LedgerInfo info = LedgerFailures.call(name, "DeletionProtection",
                () -> registry.update(name, deletionProtection));
        ObjectNode body = summary(info);
        body.put("Arn", info.arn());
        body.put("DeletionProtection", info.deletionProtection());
        return body;
    }

    /** {@code PATCH /ledgers/{name}/permissions-mode}. */
    ObjectNode updatePermissionsMode(String name, RequestMembers request) {
        String permissionsMode = permissionsMode(request);
        LedgerInfo info = LedgerFailures.call(name, "PermissionsMode",
                () -> registry.updatePermissionsMode(name, permissionsMode));
        ObjectNode body = responses.object();
        body.put("Name", info.name());
        body.put("Arn", info.arn());
        body.put("PermissionsMode", info.permissionsMode());
        return body;
    }

    /** {@code DELETE /ledgers/{name}}: refused with 412 while deletion protection is on, as QLDB does. */
    void delete(String name) {
        LedgerInfo info = LedgerFailures.call(name, "Name", () -> registry.describe(name));
        if (info.deletionProtection()) {
            throw deletionProtected(name);
        }
        try {
            registry.delete(name);
        } catch (LedgerException e) {
            // Protection switched on between describe and delete: the registry refuses with INVALID_REQUEST.
            if (e.code() == ErrorCode.INVALID_REQUEST && e.getMessage().toLowerCase(Locale.ROOT)
                    .contains("deletion protection")) {
                throw deletionProtected(name);
            }
            throw LedgerFailures.of(e, name, "Name");
        }
    }

    private static ControlPlaneException deletionProtected(String name) {
        return ControlPlaneException.preconditionNotMet(ControlPlaneException.LEDGER, name, "Ledger " + name
                + " has deletion protection enabled; disable it with UpdateLedger (DeletionProtection false) first");
    }

    /** {@code {Name, State, CreationDateTime}}: ListLedgers' summary, the start of every other ledger response. */
    private ObjectNode summary(LedgerInfo info) {
        ObjectNode body = responses.object();
        body.put("Name", info.name());
        body.put("State", info.state());
        body.set("CreationDateTime", ControlPlaneResponses.epochSeconds(info.creationDateTime()));
        return body;
    }

    private static String permissionsMode(RequestMembers request) {
        String mode = request.requiredString("PermissionsMode");
        if (!PERMISSIONS_MODES.contains(mode)) {
            throw ControlPlaneException.invalidParameter("PermissionsMode",
                    "PermissionsMode must be ALLOW_ALL or STANDARD, got " + mode);
        }
        return mode;
    }

    private static void refuseKmsKey(RequestMembers request) {
        if (request.has("KmsKey")) {
            throw ControlPlaneException.invalidParameter("KmsKey",
                    "Vellum does not encrypt ledgers with AWS KMS keys; omit KmsKey");
        }
    }

    private static int maxResults(String text) {
        if (text == null) {
            return MAX_RESULTS_LIMIT;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_RESULTS_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ControlPlaneException.invalidParameter("MaxResults",
                "max_results must be an integer from 1 to " + MAX_RESULTS_LIMIT + ", got " + text);
    }

    private static String afterToken(String token) {
        if (token == null) {
            return null;
        }
        try {
            String name = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            // Only a token this operation made decodes to a ledger name and encodes back to itself.
            if (LedgerNames.violation(name) == null
                    && Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)).equals(token)) {
                return name;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ControlPlaneException.invalidParameter("NextToken",
                "next_token is not a token returned by ListLedgers: " + token);
    }
}
