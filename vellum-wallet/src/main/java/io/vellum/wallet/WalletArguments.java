package io.vellum.wallet;

import io.vellum.server.HttpFront;
import io.vellum.wallet.account.MoneyRules;
import io.vellum.wallet.profile.ProfileDatabase;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link WalletApplication}, turned into a {@link WalletConfig}. Secrets may come from the
 * environment instead of the command line, where every user of the machine can read them
 * ({@value #PROFILE_PASSWORD_VARIABLE}).
 */
final class WalletArguments {
    static final String PROFILE_PASSWORD_VARIABLE = "VELLUM_PROFILE_JDBC_PASSWORD";
    static final String ACCESS_KEY_VARIABLE = "VELLUM_ACCESS_KEY_ID";
    static final String SECRET_KEY_VARIABLE = "VELLUM_SECRET_ACCESS_KEY";

    static final String USAGE = String.join("\n",
            "Usage: vellum wallet [--data DIR] [--port N] [--host ADDRESS] [--currency CODE]",
            "         [--ledger-endpoint URL --ledger NAME --access-key-id KEY --secret-access-key SECRET]",
            "         [--profile-jdbc-url URL [--profile-jdbc-user USER] [--profile-jdbc-password PASSWORD]]",
            "         [--allowed-origin ORIGIN[,ORIGIN…]] [--insecure-no-auth] [--http-front threads|jetty]",
            "",
            "Runs the Vellum wallet: a JSON API (described at /openapi.yaml) whose every balance change is a",
            "verifiable ledger revision. Requests must be signed with AWS Signature Version 4 (curl --aws-sigv4",
            "aws:amz:us-east-1:wallet --user KEY:SECRET) by the key pair in DIR/credentials (generated and",
            "printed at the first start) or, with a remote ledger, by the access key given for that ledger.",
            "",
            "  --data DIR                  the wallet's files: the ledger in DIR/ledger (unless remote), profiles in",
            "                              DIR/profiles (default ./wallet-data)",
            "  --port N                    port to listen on (default " + WalletConfig.DEFAULT_PORT + "; 0 picks a free one)",
            "  --host ADDRESS              interface to listen on (default 127.0.0.1; the API serves plain HTTP, so",
            "                              put TLS in front of it before exposing it beyond this machine)",
            "  --currency CODE             ISO 4217 currency of every amount (default USD)",
            "  --ledger-endpoint URL       use the ledger on this Vellum server (e.g. http://127.0.0.1:8080)",
            "                              instead of an embedded one; needs the three options below",
            "  --ledger NAME               the ledger's name on that server (it must exist)",
            "  --access-key-id KEY         an access key the server holds (or set " + ACCESS_KEY_VARIABLE + ")",
            "  --secret-access-key SECRET  its secret (or set " + SECRET_KEY_VARIABLE + ")",
            "  --profile-jdbc-url URL      store profiles in this database (e.g. jdbc:postgresql://host/db) instead",
            "                              of the H2 file database in DIR/profiles",
            "  --profile-jdbc-user USER    its user",
            "  --profile-jdbc-password PW  its password (or set " + PROFILE_PASSWORD_VARIABLE + ")",
            "  --allowed-origin ORIGINS    web page origins (https://shop.example.com, comma-separated) whose",
            "                              browser requests are accepted; any other Origin header is refused",
            "  --http-front threads|jetty  which HTTP front serves the port: threads (default), Vellum's own (one",
            "                              platform thread per connection, at most 256 per peer and 4096 in all),",
            "                              or jetty (as before session 11); both answer alike",
            "  --insecure-no-auth          accept unsigned requests: anyone who can reach the port can move money",
            "                              (local experiments only; warned about at every start)",
            "  --help                      print this and exit");

    private static final Set<String> OPTIONS = Set.of("--data", "--port", "--host", "--currency", "--profile-jdbc-url",
            "--profile-jdbc-user", "--profile-jdbc-password", "--ledger-endpoint", "--ledger", "--access-key-id",
            "--secret-access-key", "--allowed-origin", "--http-front");
    private static final Set<String> FLAGS = Set.of("--insecure-no-auth");

    private WalletArguments() {
    }

    /**
     * @throws IllegalArgumentException naming the bad argument
     */
    static WalletConfig parse(List<String> arguments, Map<String, String> environment) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < arguments.size(); i++) {
            String option = arguments.get(i);
            if (FLAGS.contains(option)) {
                if (!flags.add(option)) {
                    throw new IllegalArgumentException(option + " is given twice");
                }
                continue;
            }
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown argument " + option);
            }
            if (value == null) {
                if (i + 1 >= arguments.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = arguments.get(++i);
            }
            if (values.put(option, value) != null) {
                throw new IllegalArgumentException(option + " is given twice");
            }
        }
        WalletConfig config = WalletConfig.embedded(Path.of(values.getOrDefault("--data", "wallet-data")));
        if (values.containsKey("--port")) {
            config = config.withPort(port(values.get("--port")));
        }
        if (values.containsKey("--host")) {
            config = config.withHost(values.get("--host"));
        }
        if (values.containsKey("--currency")) {
            config = config.withMoney(new MoneyRules(currency(values.get("--currency")), MoneyRules.DEFAULT_MAXIMUM));
        }
        if (values.containsKey("--ledger-endpoint") || values.containsKey("--ledger")) {
            LedgerLocation.Remote remote = remote(values, environment);
            // The wallet accepts requests signed with the key it itself uses for the ledger: one key pair to keep.
            config = config.withLedger(remote)
                    .withAccess(new WalletAccess.Keys(remote.accessKeyId(), remote.secretAccessKey()));
        } else if (values.containsKey("--access-key-id") || values.containsKey("--secret-access-key")) {
            throw new IllegalArgumentException("--access-key-id and --secret-access-key need --ledger-endpoint and "
                    + "--ledger");
        }
        if (flags.contains("--insecure-no-auth")) {
            config = config.withAccess(new WalletAccess.InsecureNoAuth());
        }
        if (values.containsKey("--allowed-origin")) {
            config = config.withAllowedOrigins(List.of(values.get("--allowed-origin").split(",")));
        }
        if (values.containsKey("--http-front")) {
            config = config.withHttpFront(HttpFront.parse(values.get("--http-front")));
        }
        String jdbcUrl = values.get("--profile-jdbc-url");
        if (jdbcUrl != null) {
            String password = values.getOrDefault("--profile-jdbc-password", environment.get(PROFILE_PASSWORD_VARIABLE));
            config = config.withProfileDatabase(new ProfileDatabase(jdbcUrl, values.get("--profile-jdbc-user"), password));
        } else if (values.containsKey("--profile-jdbc-user") || values.containsKey("--profile-jdbc-password")) {
            throw new IllegalArgumentException("--profile-jdbc-user and --profile-jdbc-password need --profile-jdbc-url");
        }
        return config;
    }

    private static LedgerLocation.Remote remote(Map<String, String> values, Map<String, String> environment) {
        String endpoint = required(values, "--ledger-endpoint", null, null);
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--ledger-endpoint must be a URL such as http://127.0.0.1:8080, got "
                    + endpoint);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--ledger-endpoint must be an http(s) URL with a host, got " + endpoint);
        }
        return new LedgerLocation.Remote(uri, required(values, "--ledger", null, null),
                required(values, "--access-key-id", environment, ACCESS_KEY_VARIABLE),
                required(values, "--secret-access-key", environment, SECRET_KEY_VARIABLE));
    }

    private static String required(Map<String, String> values, String option, Map<String, String> environment,
                                   String variable) {
        String value = values.get(option);
        if (value == null && variable != null) {
            value = environment.get(variable);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a remote ledger needs " + option
                    + (variable == null ? "" : " (or " + variable + ")"));
        }
        return value;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rule.
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + text);
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--currency must be an ISO 4217 code such as USD or EUR, got " + code);
        }
    }
}
