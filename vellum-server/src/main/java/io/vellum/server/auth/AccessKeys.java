package io.vellum.server.auth;

import java.util.Map;
import java.util.Objects;

/**
 * The access keys a server accepts: secret access key by access key id. Immutable and thread-safe.
 */
public final class AccessKeys {
    private final Map<String, String> secrets;

    private AccessKeys(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    public static AccessKeys of(String accessKeyId, String secretAccessKey) {
        return new AccessKeys(Map.of(Objects.requireNonNull(accessKeyId, "accessKeyId"),
                Objects.requireNonNull(secretAccessKey, "secretAccessKey")));
    }

    public static AccessKeys of(Map<String, String> secretsByAccessKeyId) {
        return new AccessKeys(secretsByAccessKeyId);
    }

    /** The secret of {@code accessKeyId}, or null when the key is unknown. */
    public String secretOf(String accessKeyId) {
        return secrets.get(accessKeyId);
    }

    @Override
    public String toString() {
        return "AccessKeys" + secrets.keySet();
    }
}
