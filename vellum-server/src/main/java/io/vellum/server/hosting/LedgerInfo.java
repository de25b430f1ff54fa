package io.vellum.server.hosting;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the server knows about one hosted ledger, as the control plane's DescribeLedger reports it.
 *
 * @param name               the ledger name (COMPATIBILITY.md §8.2 pattern, 1..32 characters)
 * @param arn                {@code arn:aws:qldb:<region>:000000000000:ledger/<name>}
 * @param state              always {@code ACTIVE}: creation and deletion are synchronous here
 * @param creationDateTime   when the ledger was created
 * @param permissionsMode    {@code ALLOW_ALL} or {@code STANDARD} (recorded; Vellum has no IAM to enforce either)
 * @param deletionProtection whether DeleteLedger is refused
 * @param tags               tags by key, sorted by key, unmodifiable
 */
public record LedgerInfo(String name, String arn, String state, Instant creationDateTime, String permissionsMode,
                         boolean deletionProtection, Map<String, String> tags) {
    /** The only state a hosted ledger is ever in. */
    public static final String ACTIVE = "ACTIVE";

    public LedgerInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(creationDateTime, "creationDateTime");
        Objects.requireNonNull(permissionsMode, "permissionsMode");
        tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
    }

    LedgerInfo withDeletionProtection(boolean protection) {
        return new LedgerInfo(name, arn, state, creationDateTime, permissionsMode, protection, tags);
    }

    LedgerInfo withPermissionsMode(String mode) {
        return new LedgerInfo(name, arn, state, creationDateTime, mode, deletionProtection, tags);
    }

    LedgerInfo withTags(Map<String, String> newTags) {
        return new LedgerInfo(name, arn, state, creationDateTime, permissionsMode, deletionProtection, newTags);
    }
}
