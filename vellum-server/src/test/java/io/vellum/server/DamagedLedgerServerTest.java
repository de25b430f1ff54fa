package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalAccess;
import io.vellum.engine.journal.JournalEntry;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.proof.block.BlockAddress;
import io.vellum.server.hosting.LedgerHealth;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.qldb.QldbDriver;

/**
 * A server on a damaged ledger serves what still verifies, refuses writes and reads of the damaged block with a
 * QLDB-shaped CORRUPTION error (never a 500, never a server path or Java class name), and a ledger damaged beyond
 * opening does not take the other ledgers down.
 */
class DamagedLedgerServerTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final int DAMAGED = 3;

    @TempDir
    Path data;

    private final List<HttpResponse<String>> answers = new ArrayList<>();

    @Test
    void aDamagedBlockIsRefusedByNameWhileEverythingElseServesAndNothingAnswers500() throws Exception {
        String tip;
        try (VellumServer server = TestServers.start(data)) {
            SignedHttpClient client = SignedHttpClient.of(server);
            for (String ledger : List.of("bank", "broken")) {
                createLedger(server, client, ledger);
                try (QldbDriver driver = TestServers.driver(server, ledger)) {
                    driver.execute(txn -> {
                        txn.execute("CREATE TABLE T");
                    });
                    for (int i = 0; i < 5; i++) {
                        int n = i;
                        driver.execute(txn -> {
                            txn.execute("INSERT INTO T ?", ION.singleValue("{n: " + n + "}"));
                        });
                    }
                }
            }
            tip = json(control(server, client, "POST", "/ledgers/bank/digest", "")).at("/DigestTipAddress/IonText")
                    .textValue();
        }
        flipPayloadByte(data.resolve("ledgers/bank/journal"), DAMAGED);
        flipPayloadByte(data.resolve("ledgers/broken/journal"), -1); // its last block: the ledger cannot open

        try (VellumServer server = TestServers.start(data)) {
            SignedHttpClient client = SignedHttpClient.of(server);
            BlockAddress tipAddress = BlockAddress.parseIonText(tip);

            // Intact blocks, with proofs, and the digest still serve.
            HttpResponse<String> digest = control(server, client, "POST", "/ledgers/bank/digest", "");
            assertThat(digest.statusCode()).as(digest.body()).isEqualTo(200);
            HttpResponse<String> intact = control(server, client, "POST", "/ledgers/bank/block",
                    blockRequest(tipAddress, DAMAGED + 1, tip));
            assertThat(intact.statusCode()).as(intact.body()).isEqualTo(200);
            assertThat(json(intact).at("/Proof/IonText").textValue()).isNotEmpty();
            assertThat(client.send("GET", "/v1/ledgers/bank/blocks/" + (DAMAGED + 1), Map.of(), new byte[0],
                    server.secretAccessKey(), Clock.systemUTC()).statusCode()).isEqualTo(200);

            // The damaged block: a clear CORRUPTION error naming it.
            HttpResponse<String> damaged = control(server, client, "POST", "/ledgers/bank/block",
                    blockRequest(tipAddress, DAMAGED, tip));
            assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(412);
            assertThat(json(damaged).get("__type").textValue()).isEqualTo("ResourcePreconditionNotMetException");
            assertThat(json(damaged).get("Message").textValue()).contains("CORRUPTION")
                    .contains("sequenceNo " + DAMAGED);
            HttpResponse<String> nativeDamaged = native_(server, client, "GET", "/v1/ledgers/bank/blocks/" + DAMAGED,
                    null);
            assertThat(nativeDamaged.statusCode()).as(nativeDamaged.body()).isEqualTo(412);
            assertThat(json(nativeDamaged).at("/error/code").textValue()).isEqualTo("CORRUPTION");

            // Reads of current state work; writes are refused with CORRUPTION, on every API.
            try (QldbDriver driver = TestServers.driver(server, "bank")) {
                List<Object> rows = driver.execute(txn -> {
                    List<Object> read = new ArrayList<>();
                    txn.execute("SELECT * FROM T").forEach(read::add);
                    return read;
                });
                assertThat(rows).hasSize(5);
                assertThatThrownBy(() -> driver.execute(txn -> {
                    txn.execute("INSERT INTO T ?", ION.singleValue("{n: 99}"));
                })).satisfies(e -> {
                    AwsServiceException service = serviceException(e);
                    assertThat(service.statusCode()).isEqualTo(400);
                    assertThat(service.awsErrorDetails().errorCode()).isEqualTo("BadRequestException");
                    assertThat(service.awsErrorDetails().errorMessage()).contains("CORRUPTION")
                            .contains("sequenceNo " + DAMAGED);
                    assertNoServerInternals(service.awsErrorDetails().errorMessage());
                });
            }
            HttpResponse<String> nativeWrite = native_(server, client, "POST", "/v1/ledgers/bank/statements",
                    "{\"statement\": \"INSERT INTO T VALUE {'n': 100}\"}");
            assertThat(nativeWrite.statusCode()).as(nativeWrite.body()).isEqualTo(412);
            assertThat(json(nativeWrite).at("/error/code").textValue()).isEqualTo("CORRUPTION");
            HttpResponse<String> nativeRead = native_(server, client, "POST", "/v1/ledgers/bank/statements",
                    "{\"statement\": \"SELECT VALUE n FROM T\"}");
            assertThat(nativeRead.statusCode()).as(nativeRead.body()).isEqualTo(200);

            // A ledger whose newest block is damaged cannot open; it answers CORRUPTION, and is still described.
            HttpResponse<String> brokenDigest = control(server, client, "POST", "/ledgers/broken/digest", "");
            assertThat(brokenDigest.statusCode()).as(brokenDigest.body()).isEqualTo(412);
            assertThat(json(brokenDigest).get("Message").textValue()).contains("CORRUPTION").contains("sequenceNo 6");
            assertThat(control(server, client, "GET", "/ledgers/broken", null).statusCode()).isEqualTo(200);
            assertThat(native_(server, client, "GET", "/v1/ledgers/broken/blocks/1", null).statusCode())
                    .isEqualTo(412);
            assertThat(server.ledgers().openFailure("broken")).isPresent();
            assertThat(server.ledgers().ledger("bank").health().state())
                    .isEqualTo(io.vellum.engine.LedgerHealth.State.CORRUPTED);
        }
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
            assertNoServerInternals(answer.body());
        }
    }

    private static void assertNoServerInternals(String text) {
        assertThat(text).doesNotContain("/tmp").doesNotContain("ledgers/").doesNotContain("io.vellum")
                .doesNotContain("java.").doesNotContain("Exception:");
    }

    private void createLedger(VellumServer server, SignedHttpClient client, String name) {
        HttpResponse<String> created = control(server, client, "POST", "/ledgers",
                "{\"Name\":\"" + name + "\",\"PermissionsMode\":\"ALLOW_ALL\",\"DeletionProtection\":false}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private static String blockRequest(BlockAddress tip, long sequenceNo, String tipText) {
        String address = "{strandId:\\\"" + tip.strandId() + "\\\",sequenceNo:" + sequenceNo + "}";
        return "{\"BlockAddress\":{\"IonText\":\"" + address + "\"},\"DigestTipAddress\":{\"IonText\":\""
                + tipText.replace("\"", "\\\"") + "\"}}";
    }

    private HttpResponse<String> control(VellumServer server, SignedHttpClient client, String method, String path,
                                         String body) {
        HttpResponse<String> response = client.send(method, path, Map.of("Content-Type", "application/json"),
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), server.secretAccessKey(),
                Clock.systemUTC());
        answers.add(response);
        return response;
    }

    private HttpResponse<String> native_(VellumServer server, SignedHttpClient client, String method, String path,
                                         String body) {
        return control(server, client, method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SignedHttpClient.json(response.body());
    }

    private static AwsServiceException serviceException(Throwable thrown) {
        for (Throwable e = thrown; e != null; e = e.getCause()) {
            if (e instanceof AwsServiceException service) {
                return service;
            }
        }
        throw new AssertionError("not an AWS service error", thrown);
    }

    /** Flips a byte in the middle of block {@code sequenceNo}'s payload (-1: the last block), server stopped. */
    private static void flipPayloadByte(Path journalDirectory, long sequenceNo) throws IOException {
        List<JournalEntry> records = new ArrayList<>();
        try (Journal journal = Journal.open(journalDirectory, JournalOptions.defaults(), -1,
                JournalAccess.READ_ONLY)) {
            journal.readFrom(0).forEachRemaining(records::add);
        }
        JournalEntry record = records.get((int) (sequenceNo < 0 ? records.size() - 1 : sequenceNo));
        Path segment = journalDirectory.resolve(String.format("%020d.seg",
                record.position().segmentFirstSequenceNo()));
        long offset = record.position().offset() + 16 + record.position().length() / 2;
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(offset);
            int original = file.read();
            file.seek(offset);
            file.write(original ^ 0x40);
        }
    }
}
