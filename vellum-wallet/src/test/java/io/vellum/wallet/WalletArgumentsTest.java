package io.vellum.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.server.HttpFront;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalletArgumentsTest {
    @Test
    void defaultsToAnEmbeddedLedgerInWalletData() {
        WalletConfig config = WalletArguments.parse(List.of(), Map.of());
        assertThat(config.ledger()).isEqualTo(new LedgerLocation.Embedded(Path.of("wallet-data", "ledger")));
        assertThat(config.port()).isEqualTo(WalletConfig.DEFAULT_PORT);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.money().currencyCode()).isEqualTo("USD");
        assertThat(config.effectiveProfileDatabase().jdbcUrl()).startsWith("jdbc:h2:file:")
                .endsWith(Path.of("wallet-data", "profiles", "profiles").toString());
        assertThat(config.access()).as("authentication is on by default")
                .isEqualTo(new WalletAccess.KeyFile(Path.of("wallet-data", "credentials")));
        assertThat(config.allowedOrigins()).isEmpty();
    }

    @Test
    void authenticationIsTurnedOffOnlyExplicitlyAndOriginsAreAllowedByName() {
        WalletConfig insecure = WalletArguments.parse(List.of("--insecure-no-auth", "--allowed-origin",
                "https://shop.example.com,http://localhost:3000"), Map.of());
        assertThat(insecure.access()).isEqualTo(new WalletAccess.InsecureNoAuth());
        assertThat(insecure.allowedOrigins()).containsExactly("https://shop.example.com", "http://localhost:3000");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--allowed-origin", "shop.example.com"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--insecure-no-auth", "--insecure-no-auth"),
                Map.of())).hasMessage("--insecure-no-auth is given twice");
    }

    @Test
    void readsEveryOption() {
        WalletConfig config = WalletArguments.parse(List.of("--data", "/srv/wallet", "--port=9000", "--host",
                "0.0.0.0", "--currency", "EUR", "--profile-jdbc-url", "jdbc:postgresql://db/wallet",
                "--profile-jdbc-user", "wallet"), Map.of(WalletArguments.PROFILE_PASSWORD_VARIABLE, "from-env"));
        assertThat(config.ledger()).isEqualTo(new LedgerLocation.Embedded(Path.of("/srv/wallet/ledger")));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.money().currencyCode()).isEqualTo("EUR");
        assertThat(config.profileDatabase().jdbcUrl()).isEqualTo("jdbc:postgresql://db/wallet");
        assertThat(config.profileDatabase().user()).isEqualTo("wallet");
        assertThat(config.profileDatabase().password()).isEqualTo("from-env");
        assertThat(config.profileDatabase().toString()).doesNotContain("from-env");
    }

    @Test
    void readsARemoteLedgerWithCredentialsFromTheCommandLineOrTheEnvironment() {
        WalletConfig fromArguments = WalletArguments.parse(List.of("--data", "w", "--ledger-endpoint",
                "https://vellum.example:8443", "--ledger", "bank", "--access-key-id", "AKIAEXAMPLE",
                "--secret-access-key", "s3cret"), Map.of());
        assertThat(fromArguments.ledger()).isEqualTo(new LedgerLocation.Remote(
                URI.create("https://vellum.example:8443"), "bank", "AKIAEXAMPLE", "s3cret"));
        assertThat(fromArguments.ledger().toString()).doesNotContain("s3cret");
        assertThat(fromArguments.dataDirectory()).isEqualTo(Path.of("w"));
        assertThat(fromArguments.access()).as("requests are signed with the key used for the ledger")
                .isEqualTo(new WalletAccess.Keys("AKIAEXAMPLE", "s3cret"));

        WalletConfig fromEnvironment = WalletArguments.parse(List.of("--ledger-endpoint=http://127.0.0.1:8080",
                "--ledger=wallet"), Map.of(WalletArguments.ACCESS_KEY_VARIABLE, "AKIAENV",
                WalletArguments.SECRET_KEY_VARIABLE, "from-env"));
        assertThat(fromEnvironment.ledger()).isEqualTo(new LedgerLocation.Remote(
                URI.create("http://127.0.0.1:8080"), "wallet", "AKIAENV", "from-env"));

        // The command line wins over the environment.
        WalletConfig both = WalletArguments.parse(List.of("--ledger-endpoint", "http://h:1", "--ledger", "l",
                "--access-key-id", "AKIAARG"), Map.of(WalletArguments.ACCESS_KEY_VARIABLE, "AKIAENV",
                WalletArguments.SECRET_KEY_VARIABLE, "from-env"));
        assertThat(((LedgerLocation.Remote) both.ledger()).accessKeyId()).isEqualTo("AKIAARG");
    }

    @Test
    void theHttpFrontIsVellumsOwnUnlessJettyIsAsked() {
        assertThat(WalletArguments.parse(List.of(), Map.of()).httpFront()).isEqualTo(HttpFront.byDefault());
        assertThat(WalletArguments.parse(List.of("--http-front", "jetty"), Map.of()).httpFront())
                .isEqualTo(HttpFront.JETTY);
        assertThat(WalletArguments.parse(List.of("--http-front=threads"), Map.of()).httpFront())
                .isEqualTo(HttpFront.THREADS);
        assertThat(WalletArguments.parse(List.of(), Map.of()).connectionLimits())
                .isEqualTo(io.vellum.server.http.ConnectionLimits.defaults());
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--http-front", "netty"), Map.of()))
                .hasMessageContaining("netty").hasMessageContaining("jetty or threads");
    }

    @Test
    void aRemoteLedgerNeedsEveryPieceAndAUsableUrl() {
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--ledger-endpoint", "http://h:1", "--ledger", "l",
                "--access-key-id", "k"), Map.of()))
                .hasMessage("a remote ledger needs --secret-access-key (or VELLUM_SECRET_ACCESS_KEY)");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--ledger-endpoint", "http://h:1", "--access-key-id",
                "k", "--secret-access-key", "s"), Map.of())).hasMessage("a remote ledger needs --ledger");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--ledger", "l", "--access-key-id", "k",
                "--secret-access-key", "s"), Map.of())).hasMessage("a remote ledger needs --ledger-endpoint");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--ledger-endpoint", "localhost:8080", "--ledger", "l",
                "--access-key-id", "k", "--secret-access-key", "s"), Map.of()))
                .hasMessageContaining("--ledger-endpoint must be an http(s) URL with a host, got localhost:8080");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--access-key-id", "k"), Map.of()))
                .hasMessageContaining("need --ledger-endpoint");
    }

    @Test
    void namesTheBadArgument() {
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--prot", "1"), Map.of()))
                .hasMessage("unknown argument --prot");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--port"), Map.of())).hasMessage("--port needs a value");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--port", "70000"), Map.of()))
                .hasMessageContaining("0 to 65535, got 70000");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--currency", "DOLLARS"), Map.of()))
                .hasMessageContaining("ISO 4217");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--port", "1", "--port", "2"), Map.of()))
                .hasMessage("--port is given twice");
        assertThatThrownBy(() -> WalletArguments.parse(List.of("--profile-jdbc-user", "u"), Map.of()))
                .hasMessageContaining("need --profile-jdbc-url");
    }
}
