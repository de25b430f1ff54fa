package io.vellum.wallet.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile store on a real PostgreSQL server started by the test (skipped, with the reason, when PostgreSQL is
 * not installed).
 */
class PostgresProfileStoreTest extends ProfileStoreContract {
    private static PostgresServer server;
    private ProfileStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.startIfInstalled();
    }

    @BeforeEach
    void requireServer() {
        PostgresServer.skipUnlessStarted(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    ProfileStore store() {
        store = JdbcProfileStore.open(server.database(), clock);
        return store;
    }

    @AfterEach
    void emptyTheTable() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server == null) {
            return;
        }
        ProfileDatabase database = server.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS wallet_profiles");
        }
    }

    @Test
    void itIsReallyPostgresql() throws Exception {
        ProfileStore profiles = store();
        assertThat(profiles.description()).startsWith("jdbc:postgresql://127.0.0.1:");
        ProfileDatabase database = server.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password())) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }
}
