package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.wallet.WalletAccess;
import io.vellum.wallet.WalletConfig;
import io.vellum.wallet.profile.ProfileDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vellum serve}'s wallet options become the wallet's configuration. */
class WalletOptionsTest {
    private static final Path DATA = Path.of("/tmp/vellum-data");

    private static WalletConfig config(Map<String, String> environment, String... arguments) {
        return CommandLine.populateCommand(new WalletOptions(), arguments).config(DATA, environment);
    }

    @Test
    void profilesLiveInTheEmbeddedStoreUnderTheDataDirectoryByDefault() {
        WalletConfig config = config(Map.of());
        assertThat(config.profileDatabase()).isNull();
        assertThat(config.dataDirectory()).isEqualTo(DATA.resolve("wallet"));
        assertThat(config.port()).isEqualTo(WalletConfig.DEFAULT_PORT);
    }

    @Test
    void aJdbcUrlPutsProfilesInThatDatabaseWithThePasswordFromTheEnvironment() {
        WalletConfig config = config(Map.of(WalletOptions.PASSWORD_VARIABLE, "secret"),
                "--wallet-profile-jdbc-url", "jdbc:postgresql://127.0.0.1:5432/wallet",
                "--wallet-profile-jdbc-user", "vellum", "--wallet-port", "0");
        assertThat(config.profileDatabase())
                .isEqualTo(new ProfileDatabase("jdbc:postgresql://127.0.0.1:5432/wallet", "vellum", "secret"));
        assertThat(config.port()).isZero();
    }

    @Test
    void theWalletAcceptsTheServersKeyPairUnlessEitherInsecureFlagIsGiven() {
        WalletOptions defaults = CommandLine.populateCommand(new WalletOptions());
        assertThat(defaults.access(false, "AKIAKEY", "secret")).isEqualTo(new WalletAccess.Keys("AKIAKEY", "secret"));
        assertThat(defaults.access(true, "AKIAKEY", "secret")).as("vellum serve --insecure-no-auth")
                .isEqualTo(new WalletAccess.InsecureNoAuth());
        assertThat(CommandLine.populateCommand(new WalletOptions(), "--wallet-insecure-no-auth")
                .access(false, "AKIAKEY", "secret")).isEqualTo(new WalletAccess.InsecureNoAuth());
    }

    @Test
    void theWalletsPortIsServedLikeTheServersByTheSameFrontWithTheSameLimits() {
        io.vellum.server.http.ConnectionLimits limits = io.vellum.server.http.ConnectionLimits.defaults()
                .withMaximumConnectionsPerPeer(7).withMaximumConnections(99);
        for (io.vellum.server.HttpFront front : io.vellum.server.HttpFront.values()) {
            io.vellum.server.ServerConfig server = io.vellum.server.ServerConfig.defaults(DATA).withHttpFront(front)
                    .withConnectionLimits(limits);
            WalletConfig served = WalletOptions.servedLike(config(Map.of()), server);
            assertThat(served.httpFront()).isEqualTo(front);
            assertThat(served.connectionLimits()).isEqualTo(limits);
        }
    }

    @Test
    void allowedOriginsAreRepeatableOrCommaSeparatedAndMustBeOrigins() {
        assertThat(config(Map.of(), "--wallet-allowed-origin", "https://a.example,https://B.example:8443/",
                "--wallet-allowed-origin", "http://localhost:3000").allowedOrigins())
                .containsExactly("https://a.example", "https://b.example:8443", "http://localhost:3000");
        assertThatThrownBy(() -> config(Map.of(), "--wallet-allowed-origin", "https://a.example/path"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
    }

    @Test
    void aUserWithoutAUrlIsRefusedNamingBothOptions() {
        assertThatThrownBy(() -> config(Map.of(), "--wallet-profile-jdbc-user", "vellum"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--wallet-profile-jdbc-user needs --wallet-profile-jdbc-url");
    }
}
