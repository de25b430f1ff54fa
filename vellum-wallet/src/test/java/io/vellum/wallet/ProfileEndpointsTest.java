package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.wallet.profile.PostgresServer;
import io.vellum.wallet.profile.ProfileDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile create, read, replace and erase over HTTP, on the default file store and on PostgreSQL; erasing a profile
 * leaves the account's ledger history intact and verifiable, and the ledger never held the personal data.
 */
class ProfileEndpointsTest {
    private static final String NAME = "Alice Example";
    private static final String EMAIL = "alice.example@example.com";

    @TempDir
    Path directory;

    @Test
    void profileLifecycleOnTheFileStore() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            lifecycle(wallet);
        }
    }

    @Test
    void profileLifecycleOnPostgresql() throws Exception {
        try (PostgresServer postgres = PostgresServer.startIfInstalled()) {
            PostgresServer.skipUnlessStarted(postgres);
            ProfileDatabase database = postgres.database();
            try (TestWallet wallet = TestWallet.start(directory,
                    WalletConfig.embedded(directory).withProfileDatabase(database))) {
                assertThat(expect(wallet.http.get("/health"), 200).json().path("profiles").asText())
                        .startsWith("jdbc:postgresql:");
                lifecycle(wallet);
            }
        }
    }

    private static void lifecycle(TestWallet wallet) {
        WalletHttp http = wallet.http;
        http.setUp("alice");
        expect(http.deposit("alice", "20.00"), 200);

        JsonNode created = expect(http.post("/accounts/alice/profile",
                "{\"name\":\"" + NAME + "\",\"email\":\"" + EMAIL + "\",\"phone\":\"+44 20 7946 0000\"}"), 201).json();
        assertThat(created.path("name").asText()).isEqualTo(NAME);
        assertThat(created.path("createdAt").asText()).isEqualTo(created.path("updatedAt").asText());
        assertThat(expect(http.post("/accounts/alice/profile", "{\"name\":\"Again\"}"), 409).errorCode())
                .isEqualTo("PROFILE_EXISTS");

        JsonNode read = expect(http.get("/accounts/alice/profile"), 200).json();
        assertThat(read).isEqualTo(created);

        JsonNode replaced = expect(http.put("/accounts/alice/profile", "{\"name\":\"Alice Renamed\"}"), 200).json();
        assertThat(replaced.path("name").asText()).isEqualTo("Alice Renamed");
        assertThat(replaced.path("email").isNull()).isTrue();
        assertThat(replaced.path("createdAt").asText()).isEqualTo(created.path("createdAt").asText());
        expect(http.put("/accounts/alice/profile", "{\"name\":\"" + NAME + "\",\"email\":\"" + EMAIL + "\"}"), 200);

        WalletHttp.Answer erased = expect(http.delete("/accounts/alice/profile"), 204);
        assertThat(erased.body()).isEmpty();
        assertThat(expect(http.get("/accounts/alice/profile"), 404).errorCode()).isEqualTo("PROFILE_NOT_FOUND");
        assertThat(expect(http.delete("/accounts/alice/profile"), 404).errorCode()).isEqualTo("PROFILE_NOT_FOUND");
        assertThat(expect(http.put("/accounts/alice/profile", "{\"name\":\"X\"}"), 404).errorCode())
                .isEqualTo("PROFILE_NOT_FOUND");

        // The account and its history are untouched, and every revision still proves against the digest.
        assertThat(http.balance("alice")).isEqualTo("20.00");
        JsonNode revisions = expect(http.get("/accounts/alice/history"), 200).json().path("revisions");
        assertThat(revisions).hasSize(2);
        for (int version = 0; version < 2; version++) {
            JsonNode verification = expect(http.get("/accounts/alice/verification?version=" + version), 200).json();
            assertThat(verification.path("verified").asBoolean()).isTrue();
            ProofChecks.verify(verification, wallet.ledger.digest());
        }
        // The personal data never reached the ledger: no revision of any table holds it.
        String everything = wallet.ledger.execute(transaction -> transaction.execute(
                "SELECT * FROM history(Wallet)").toString() + transaction.execute(
                "SELECT * FROM history(WalletRequests)"));
        assertThat(everything).contains("alice").doesNotContain(NAME).doesNotContain(EMAIL).doesNotContain("7946");
    }
}
