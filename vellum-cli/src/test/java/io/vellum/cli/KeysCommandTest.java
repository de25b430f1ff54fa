package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.engine.signing.SigningKeyInfo;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.server.hosting.DataDirectoryLock;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vellum keys list|rotate}: offline on a data directory and through a running server. */
class KeysCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run keys(String action, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine vellum = VellumCommand.commandLine(false);
        CommandLine keys = vellum.getSubcommands().get("keys");
        keys.setErr(new PrintWriter(err, true));
        keys.getSubcommands().get(action).setErr(new PrintWriter(err, true));
        Object command = keys.getSubcommands().get(action).getCommand();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        if (command instanceof KeysCommand.ListKeys list) {
            list.out = stream;
        } else {
            ((KeysCommand.RotateKey) command).out = stream;
        }
        String[] all = new String[arguments.length + 2];
        all[0] = "keys";
        all[1] = action;
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        Run run = new Run(vellum.execute(all), out.toString(StandardCharsets.UTF_8), err.toString());
        System.out.println(run.out() + run.err());
        return run;
    }

    private static JsonNode json(Run run) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void rotatesOfflineAndTheLedgerSignsWithTheNewKeyWhileTheOldOneStaysListed() throws Exception {
        Path data = work.resolve("data");
        String firstKey;
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("bank"))) {
            ledger.executeStatement("CREATE TABLE T");
            firstKey = ledger.signer().keys().get(0).keyId();
        }

        JsonNode listed = json(keys("list", "--data", data.toString(), "--ledger", "bank", "--json"));
        assertThat(listed.path("ledger").asText()).isEqualTo("bank");
        assertThat(listed.path("keys")).hasSize(1);
        assertThat(listed.path("keys").get(0).path("keyId").asText()).isEqualTo(firstKey);
        assertThat(listed.path("keys").get(0).path("active").asBoolean()).isTrue();

        Run rotated = keys("rotate", "--data", data.toString(), "--ledger", "bank");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("Rotated the signing key of ledger bank", "key " + firstKey
            + " is retired", "KEY ID", "retired", "active");

        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("bank"))) {
            List<SigningKeyInfo> keys = ledger.signer().keys();
            assertThat(keys).hasSize(2);
            assertThat(keys.get(0).keyId()).isEqualTo(firstKey);
            assertThat(keys.get(0).retiredAt()).isNotNull();
            SignedDigest signed = ledger.signer().sign("bank", ledger.digest());
            assertThat(signed.keyId()).isEqualTo(keys.get(1).keyId()).isNotEqualTo(firstKey);
            JsonNode after = json(keys("list", "--data", data.toString(), "--ledger", "bank", "--json"));
            assertThat(after.path("keys").get(1).path("keyId").asText()).isEqualTo(keys.get(1).keyId());
            assertThat(after.path("keys").get(1).path("publicKey").asText())
                .isEqualTo(keys.get(1).publicKey().toBase64());
            assertThat(after.path("keys").get(0).path("retiredAt").isNull()).isFalse();
        }
    }

    @Test
    void refusesAnUnknownLedgerAndADirectoryInUseNamingTheWayThroughTheServer() {
        Path data = work.resolve("data");
        try (Ledger ledger = Ledger.open(data.resolve("ledgers").resolve("bank"))) {
            ledger.executeStatement("CREATE TABLE T");
        }
        Run unknown = keys("rotate", "--data", data.toString(), "--ledger", "shop");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no ledger shop in the data directory");

        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            Run locked = keys("rotate", "--data", data.toString(), "--ledger", "bank");
            assertThat(locked.exitCode()).isEqualTo(1);
            assertThat(locked.err()).contains("in use", "--server URL");
        }
        Run missingLedger = keys("list", "--data", data.toString());
        assertThat(missingLedger.exitCode()).isEqualTo(2);
    }

    @Test
    void rotatesAndListsThroughARunningServerSignedWithTheDataDirectorysCredentials() throws Exception {
        Path data = work.resolve("served");
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(data))) {
            server.ledgers().create("bank", false, "ALLOW_ALL", Map.of());
            String firstKey = server.ledgers().ledger("bank").signer().keys().get(0).keyId();
            String url = server.endpoint().toString();

            JsonNode rotated = json(keys("rotate", "--server", url, "--data", data.toString(), "--ledger", "bank",
                "--json"));
            assertThat(rotated.path("keys")).hasSize(2);
            assertThat(rotated.path("keys").get(0).path("keyId").asText()).isEqualTo(firstKey);
            List<SigningKeyInfo> serverKeys = server.ledgers().ledger("bank").signer().keys();
            assertThat(serverKeys).hasSize(2);
            assertThat(rotated.path("keys").get(1).path("keyId").asText()).isEqualTo(serverKeys.get(1).keyId());

            Run listed = keys("list", "--server", url, "--data", data.toString(), "--ledger", "bank");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(serverKeys.get(1).keyId() + "  active",
                serverKeys.get(0).keyId() + "  retired");

            Run wrongSecret = keys("list", "--server", url, "--ledger", "bank", "--access-key-id", "AKIDNOTTHEKEY0000000",
                "--secret-access-key", "not-the-secret");
            assertThat(wrongSecret.exitCode()).isEqualTo(1);
        }
    }
}
