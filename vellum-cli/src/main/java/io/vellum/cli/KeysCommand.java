package io.vellum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.client.SigningKey;
import io.vellum.client.VellumClient;
import io.vellum.engine.signing.DigestSigner;
import io.vellum.engine.signing.SigningKeyInfo;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
import io.vellum.server.auth.CredentialsFile;
import io.vellum.server.auth.ServerCredentials;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vellum keys list|rotate}: a ledger's digest-signing keys (beyond QLDB: digests on {@code /v1} are signed by
 * the ledger's Ed25519 key). Either offline on a data directory, under its lock (so not while a server runs on it),
 * or through a running server's {@code GET|POST /v1/ledgers/{name}/keys}, signed with SigV4 like every request.
 */
@Command(name = "keys", description = {"List or rotate a ledger's digest-signing keys (Ed25519).",
        "Offline on a data directory (--data), or through a running server (--server URL)."},
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.RotateKey.class})
final class KeysCommand implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code vellum keys} alone: the action is missing. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an action is missing: list or rotate");
    }

    /** One key as every form of the command shows it. */
    record KeyRow(String keyId, String publicKey, Instant createdAt, Instant retiredAt) {
        boolean active() {
            return retiredAt == null;
        }
    }

    /** Where the keys are and how to reach them: the options both actions share. */
    static final class Location {
        @Option(names = "--ledger", required = true, paramLabel = "NAME", description = "the ledger")
        String ledger;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "data directory, used"
                + " offline (default: ${DEFAULT-VALUE}); with --server, only its credentials file is read")
        Path data;

        @Option(names = "--server", paramLabel = "URL", description = "a running server, e.g. http://127.0.0.1:8080"
                + " (its data directory is locked by it)")
        URI server;

        @Option(names = "--access-key-id", paramLabel = "ID", description = "with --server: the key to sign with"
                + " (default: $VELLUM_ACCESS_KEY_ID, else DIR/credentials)")
        String accessKeyId;

        @Option(names = "--secret-access-key", paramLabel = "SECRET", description = "with --server: its secret"
                + " (default: $VELLUM_SECRET_ACCESS_KEY, else DIR/credentials)")
        String secretAccessKey;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1", description = "with --server:"
                + " the signing region (default: ${DEFAULT-VALUE})")
        String region;

        @Option(names = "--json", description = "print one JSON object (the shape of GET /v1/ledgers/{name}/keys)")
        boolean json;
    }

    /** What an action does with the keys: offline on the ledger's directory, or through a client. */
    private interface Action {
        List<KeyRow> offline(Path ledgerDirectory);

        List<KeyRow> online(VellumClient client);
    }

    @Command(name = "list", description = "List a ledger's signing keys, oldest first; the last one signs.")
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        @Override
        public Integer call() {
            List<KeyRow> keys = run(location, new Action() {
                @Override
                public List<KeyRow> offline(Path ledgerDirectory) {
                    return rows(DigestSigner.openExisting(ledgerDirectory, Clock.systemUTC()).keys());
                }

                @Override
                public List<KeyRow> online(VellumClient client) {
                    return clientRows(client.ledgerVerifier().getSigningKeys());
                }
            });
            print(out, location, keys, null);
            return 0;
        }
    }

    @Command(name = "rotate", description = {"Rotate a ledger's signing key: a new key signs from now on; the previous"
            + " one is retired but stays listed, so the digests it signed stay verifiable.",
            "Give the new public key to whoever pins one (vellum verify --public-key)."})
    static final class RotateKey implements Callable<Integer> {
        @CommandLine.Mixin
        Location location = new Location();

        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        @Override
        public Integer call() {
            List<KeyRow> keys = run(location, new Action() {
                @Override
                public List<KeyRow> offline(Path ledgerDirectory) {
                    DigestSigner signer = DigestSigner.openOrCreate(ledgerDirectory, Clock.systemUTC());
                    signer.rotate();
                    return rows(signer.keys());
                }

                @Override
                public List<KeyRow> online(VellumClient client) {
                    return clientRows(client.ledgerVerifier().rotateSigningKey());
                }
            });
            KeyRow active = keys.get(keys.size() - 1);
            String headline = "Rotated the signing key of ledger " + location.ledger + ": key " + active.keyId()
                    + " signs from now on" + (keys.size() > 1 ? "; key " + keys.get(keys.size() - 2).keyId()
                    + " is retired (digests it signed stay verifiable with it)" : "") + ".";
            print(out, location, keys, headline);
            return 0;
        }
    }

    private static List<KeyRow> run(Location location, Action action) {
        if (location.server != null) {
            try (VellumClient client = client(location)) {
                return action.online(client);
            }
        }
        Path data = location.data;
        if (!Files.isDirectory(data)) {
            throw new LedgerException(io.vellum.error.ErrorCode.NOT_FOUND, "no data directory " + data
                    + "; name it with --data, or reach a running server with --server URL");
        }
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(data);
        } catch (LedgerException e) {
            throw new LedgerException(e.code(), e.getMessage() + "; while a server runs on it, go through the server:"
                    + " --server URL");
        }
        try (lock) {
            Path ledgerDirectory = data.resolve("ledgers").resolve(location.ledger);
            if (!Files.isDirectory(ledgerDirectory.resolve("journal"))) {
                throw new LedgerException(io.vellum.error.ErrorCode.NOT_FOUND, "no ledger " + location.ledger
                        + " in the data directory " + data);
            }
            return action.offline(ledgerDirectory);
        }
    }

    private static VellumClient client(Location location) {
        String id = location.accessKeyId != null ? location.accessKeyId : System.getenv("VELLUM_ACCESS_KEY_ID");
        String secret = location.secretAccessKey != null ? location.secretAccessKey
                : System.getenv("VELLUM_SECRET_ACCESS_KEY");
        if (id == null || secret == null) {
            Path file = location.data.resolve(CredentialsFile.FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new LedgerException(io.vellum.error.ErrorCode.INVALID_REQUEST, "--server needs a key pair:"
                        + " --access-key-id and --secret-access-key, $VELLUM_ACCESS_KEY_ID and"
                        + " $VELLUM_SECRET_ACCESS_KEY, or the credentials file of --data (" + file + " does not exist)");
            }
            ServerCredentials credentials = CredentialsFile.load(file);
            id = credentials.accessKeyId();
            secret = credentials.secretAccessKey();
        }
        return VellumClient.builder().endpoint(location.server).ledger(location.ledger).credentials(id, secret)
                .region(location.region).build();
    }

    private static List<KeyRow> rows(List<SigningKeyInfo> keys) {
        List<KeyRow> rows = new ArrayList<>();
        for (SigningKeyInfo key : keys) {
            rows.add(new KeyRow(key.keyId(), key.publicKey().toBase64(), key.createdAt(), key.retiredAt()));
        }
        return rows;
    }

    private static List<KeyRow> clientRows(List<SigningKey> keys) {
        List<KeyRow> rows = new ArrayList<>();
        for (SigningKey key : keys) {
            rows.add(new KeyRow(key.keyId(), key.publicKey().toBase64(), key.createdAt(), key.retiredAt()));
        }
        return rows;
    }

    private static void print(PrintStream out, Location location, List<KeyRow> keys, String headline) {
        if (location.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode answer = mapper.createObjectNode();
            answer.put("ledger", location.ledger);
            ArrayNode array = answer.putArray("keys");
            for (KeyRow key : keys) {
                ObjectNode node = array.addObject();
                node.put("keyId", key.keyId());
                node.put("algorithm", "Ed25519");
                node.put("publicKey", key.publicKey());
                node.put("createdAt", TIME.format(key.createdAt()));
                if (key.retiredAt() == null) {
                    node.putNull("retiredAt");
                } else {
                    node.put("retiredAt", TIME.format(key.retiredAt()));
                }
                node.put("active", key.active());
            }
            out.println(answer);
            return;
        }
        if (headline != null) {
            out.println(headline);
        }
        out.println("Signing keys of ledger " + location.ledger + " (Ed25519; oldest first, the active one signs):");
        String format = "%-16s  %-7s  %-24s  %-24s  %s";
        out.println(String.format(Locale.ROOT, format, "KEY ID", "STATE", "CREATED", "RETIRED", "PUBLIC KEY (BASE64)"));
        for (KeyRow key : keys) {
            out.println(String.format(Locale.ROOT, format, key.keyId(), key.active() ? "active" : "retired",
                    TIME.format(key.createdAt()), key.retiredAt() == null ? "-" : TIME.format(key.retiredAt()),
                    key.publicKey()));
        }
    }
}
