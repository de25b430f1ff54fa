package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import io.vellum.wallet.WalletService;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Under the common umask 022, nothing under a data directory is readable by group or others: the journal, the state
 * store (RocksDB's own files included), ledger metadata, credentials, streams, exports, the wallet's H2 profile
 * database and the lock file. The work runs in a child JVM started by {@code sh -c 'umask 022; exec java …'}, so the
 * umask is the one the defect was seen with, whatever the test runner's is.
 */
class OwnerOnlyDataTest {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path work;

    @Test
    void aServerLedgerWalletAndExportLeaveNothingReadableByGroupOrOthers() throws Exception {
        Path data = work.resolve("data");
        Path control = work.resolve("control.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("sh", "-c", "umask 022 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\" \"$4\"", java,
                System.getProperty("java.class.path"), Child.class.getName(), data.toString(), control.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("child.log").toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(work.resolve("child.log"))).isZero();
        // The umask was 022: a file created the ordinary way is readable by others.
        assertThat(Files.getPosixFilePermissions(control)).contains(PosixFilePermission.OTHERS_READ);

        List<String> exposed = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path path : paths.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                seen.add(data.relativize(path).toString());
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    exposed.add(data.relativize(path) + " " + PosixFilePermissions
                            .toString(permissions));
                }
            }
        }
        assertThat(seen).contains("credentials", ".lock", "ledgers/bank/ledger.json", "ledgers/bank/journal",
                "ledgers/bank/state", "ledgers/bank/state/CURRENT", "streams", "wallet/profiles/profiles.mv.db",
                "exports/manual");
        assertThat(seen).anyMatch(path -> path.startsWith("ledgers/bank/journal/") && path.endsWith(".seg"));
        assertThat(seen).anyMatch(path -> path.startsWith("exports/manual/") && path.endsWith(".manifest"));
        assertThat(exposed).as("paths readable, writable or searchable by group or others").isEmpty();
    }

    /** The child: serve with a ledger and the wallet, stop, export offline. Args: DATA CONTROL_FILE. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Path data = Path.of(args[0]);
            Files.writeString(Path.of(args[1]), "created with the process's umask\n");
            try (VellumServer server = VellumServer.start(ServerConfig.defaults(data))) {
                server.ledgers().create("bank", false, null, Map.of());
                server.ledgers().ledger("bank").executeStatement("CREATE TABLE Accounts");
                server.ledgers().ledger("bank").executeStatement("INSERT INTO Accounts VALUE {'id': 'A-1'}");
                WalletOptions walletOptions = new WalletOptions();
                walletOptions.port = 0;
                walletOptions.ledger = "wallet";
                WalletService wallet = walletOptions.start(server, data, new PrintStream(System.out, true,
                        StandardCharsets.UTF_8), walletOptions.bindPort());
                wallet.close();
            }
            int exported = new CommandLine(new VellumCommand()).execute("export", "--data", data.toString(),
                    "--ledger", "bank", "--to", data.resolve("exports").resolve("manual").toString());
            if (exported != 0) {
                throw new IllegalStateException("export exited " + exported);
            }
        }
    }
}
