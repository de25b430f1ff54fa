package io.vellum.server.nativeapi;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerInfo;
import io.vellum.server.hosting.LedgerRegistry;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/ledgers}, {@code POST /v1/ledgers} and {@code GET /v1/ledgers/{name}}: a convenience over the
 * registry for curl users (the QLDB control plane is the full management API). Creation takes
 * {@code {"name": "…", "deletionProtection": true, "permissionsMode": "STANDARD", "tags": {…}}} with only
 * {@code name} required; the defaults are QLDB's (deletion protection on, mode STANDARD).
 */
final class NativeLedgers {
    private static final Set<String> CREATE_FIELDS = Set.of("name", "deletionProtection", "permissionsMode", "tags");

    private final LedgerRegistry registry;

    NativeLedgers(LedgerRegistry registry) {
        this.registry = registry;
    }

    HttpResponse list() {
        List<LedgerInfo> ledgers = registry.list();
        return NativeResponses.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("ledgers");
            for (LedgerInfo info : ledgers) {
                NativeJson.ledger(json, info);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** 201 with the new ledger; 409 ALREADY_EXISTS; 400 for a bad name, mode or tag. */
    HttpResponse create(HttpRequest request) {
        NativeRequestBody body = NativeRequestBody.parse(NativeEndpoint.ION, request.body(), CREATE_FIELDS);
        String permissionsMode = body.optionalString("permissionsMode");
        LedgerInfo info = registry.create(body.requiredString("name"), body.optionalBoolean("deletionProtection", true),
                permissionsMode == null ? LedgerRegistry.STANDARD : permissionsMode, body.stringMap("tags"));
        return NativeResponses.json(201, json -> NativeJson.ledger(json, info));
    }

    HttpResponse describe(String name) {
        LedgerInfo info = registry.describe(name);
        return NativeResponses.json(200, json -> NativeJson.ledger(json, info));
    }
}
