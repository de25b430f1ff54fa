package io.vellum.wallet.profile;

import java.util.Optional;

/**
 * Profiles by accountId. Implementations are thread-safe.
 */
public interface ProfileStore extends AutoCloseable {
    /**
     * Stores a new profile.
     *
     * @throws io.vellum.wallet.account.WalletException PROFILE_EXISTS when the account has one
     */
    Profile create(String accountId, ProfileDetails details);

    Optional<Profile> find(String accountId);

    /**
     * Replaces the details of an existing profile.
     *
     * @throws io.vellum.wallet.account.WalletException PROFILE_NOT_FOUND when the account has none
     */
    Profile update(String accountId, ProfileDetails details);

    /** Deletes the profile; false when there was none. */
    boolean erase(String accountId);

    /** What the store is, for logs: "H2 file database …", "PostgreSQL at …". */
    String description();

    @Override
    void close();
}
