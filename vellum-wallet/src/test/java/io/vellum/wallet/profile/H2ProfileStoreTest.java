package io.vellum.wallet.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default profile store: an H2 file database under the wallet's data directory. */
class H2ProfileStoreTest extends ProfileStoreContract {
    @TempDir
    Path directory;
    private ProfileStore store;

    @Override
    ProfileStore store() {
        store = JdbcProfileStore.open(ProfileDatabase.fileIn(directory), clock);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void profilesAndErasuresSurviveAReopen() {
        ProfileStore first = store();
        first.create("kept", new ProfileDetails("Kept", null, null));
        first.create("erased", new ProfileDetails("Erased", "erased@example.com", null));
        first.erase("erased");
        first.close();
        ProfileStore reopened = store();
        assertThat(reopened.find("kept")).isPresent();
        assertThat(reopened.find("erased")).isEmpty();
        assertThat(reopened.description()).startsWith("jdbc:h2:file:");
    }
}
