package io.vellum.client.internal;

import java.util.Objects;

/**
 * An AWS-style access key pair the server knows. {@link #toString()} never shows the secret, so credentials can
 * appear in logs and exception messages safely. Immutable and thread-safe.
 */
public record Credentials(String accessKeyId, String secretAccessKey) {
    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank()) {
            throw new IllegalArgumentException("accessKeyId must not be blank");
        }
        if (secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("secretAccessKey must not be empty");
        }
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<hidden>]";
    }
}
