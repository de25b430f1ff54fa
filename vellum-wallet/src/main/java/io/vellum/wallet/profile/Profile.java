package io.vellum.wallet.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored profile.
 *
 * @param accountId the account it belongs to (the key)
 * @param details   name, email, phone
 * @param createdAt when it was created
 * @param updatedAt when it was last replaced
 */
public record Profile(String accountId, ProfileDetails details, Instant createdAt, Instant updatedAt) {
    public Profile {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
