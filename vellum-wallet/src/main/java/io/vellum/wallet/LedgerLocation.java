package io.vellum.wallet;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where the wallet's ledger is. */
public sealed interface LedgerLocation permits LedgerLocation.Embedded, LedgerLocation.Remote {
    /** A ledger in this process, stored in {@code directory} (created when missing). */
    record Embedded(Path directory) implements LedgerLocation {
        public Embedded {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /**
     * A ledger on a Vellum server (or any server speaking QLDB's Session API and control plane), reached with an
     * access key the server holds.
     */
    record Remote(URI endpoint, String ledgerName, String accessKeyId, String secretAccessKey)
            implements LedgerLocation {
        public Remote {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(ledgerName, "ledgerName");
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "Remote[endpoint=" + endpoint + ", ledgerName=" + ledgerName + ", accessKeyId=" + accessKeyId + "]";
        }
    }
}
