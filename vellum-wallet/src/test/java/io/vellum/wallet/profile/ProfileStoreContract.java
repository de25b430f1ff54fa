package io.vellum.wallet.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every profile store does; subclasses supply the store. */
abstract class ProfileStoreContract {
    static final Instant START = Instant.parse("2026-01-02T03:04:05.123456Z");
    final MovableClock clock = new MovableClock(START);

    /** A store on an empty database, using {@link #clock}. */
    abstract ProfileStore store();

    @Test
    void createsReadsReplacesAndErases() {
        ProfileStore profiles = store();
        ProfileDetails alice = new ProfileDetails("Alice Example", "alice@example.com", "+44 20 7946 0000");
        Profile created = profiles.create("alice", alice);
        assertThat(created).isEqualTo(new Profile("alice", alice, START, START));
        assertThat(profiles.find("alice")).contains(created);

        clock.advance(Duration.ofMinutes(5));
        ProfileDetails renamed = new ProfileDetails("Alice Renamed", null, "+1 (555) 010-0000");
        Profile updated = profiles.update("alice", renamed);
        assertThat(updated).isEqualTo(new Profile("alice", renamed, START, START.plus(Duration.ofMinutes(5))));
        assertThat(profiles.find("alice")).contains(updated);

        assertThat(profiles.erase("alice")).isTrue();
        assertThat(profiles.find("alice")).isEmpty();
        assertThat(profiles.erase("alice")).isFalse();
        // Erased means gone: the id is free for a new profile.
        assertThat(profiles.create("alice", alice).details()).isEqualTo(alice);
    }

    @Test
    void refusesADuplicateAndAnUpdateOfNothing() {
        ProfileStore profiles = store();
        profiles.create("bob", new ProfileDetails("Bob", null, null));
        assertThatThrownBy(() -> profiles.create("bob", new ProfileDetails("Bob Again", null, null)))
                .isInstanceOfSatisfying(WalletException.class,
                        e -> assertThat(e.error()).isEqualTo(WalletError.PROFILE_EXISTS));
        assertThat(profiles.find("bob").orElseThrow().details().name()).isEqualTo("Bob");
        assertThatThrownBy(() -> profiles.update("nobody", new ProfileDetails("Nobody", null, null)))
                .isInstanceOfSatisfying(WalletException.class,
                        e -> assertThat(e.error()).isEqualTo(WalletError.PROFILE_NOT_FOUND));
        assertThat(profiles.find("nobody")).isEmpty();
    }

    @Test
    void concurrentCreatesOfOneProfileStoreItOnce() throws Exception {
        ProfileStore profiles = store();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int index = i;
                attempts.add(clients.submit(() -> {
                    start.await();
                    try {
                        profiles.create("carol", new ProfileDetails("Carol " + index, null, null));
                        return true;
                    } catch (WalletException e) {
                        assertThat(e.error()).isEqualTo(WalletError.PROFILE_EXISTS);
                        return false;
                    }
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> attempt : attempts) {
                created += attempt.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }
}
