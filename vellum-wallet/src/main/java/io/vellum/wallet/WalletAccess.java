package io.vellum.wallet;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Who may call the wallet's API. Every operation (all but {@code GET /openapi.yaml}) must be
 * signed with AWS Signature Version 4 by an access key the wallet holds, unless the wallet runs with
 * {@link InsecureNoAuth}, which is for local play only and announced loudly at every start.
 */
public sealed interface WalletAccess permits WalletAccess.KeyFile, WalletAccess.Keys, WalletAccess.InsecureNoAuth {
    /**
     * The key pair in an AWS shared-credentials file ({@code [default] aws_access_key_id / aws_secret_access_key}),
     * generated at the first start when the file is absent, as {@code vellum serve} does with
     * {@code <data>/credentials}.
     */
    record KeyFile(Path file) implements WalletAccess {
        public KeyFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** One key pair given explicitly (the server's, or the one a remote wallet uses for its ledger). */
    record Keys(String accessKeyId, String secretAccessKey) implements WalletAccess {
        public Keys {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("an access key id and its secret must not be blank");
            }
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "Keys[" + accessKeyId + "]";
        }
    }

    /** No authentication: anyone who can reach the port can move money. Local experiments only. */
    record InsecureNoAuth() implements WalletAccess {
    }
}
