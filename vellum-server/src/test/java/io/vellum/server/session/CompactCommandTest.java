package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.testkit.vectors.QldbVectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compact path ({@link CompactCommand}) against the Jackson path ({@link CommandParser#parseWithJackson}): for the
 * bodies the drivers send, thousands of single-byte mutations of them and hand-made variants, {@link
 * CommandParser#parse} must give the same command, or the same refusal (type, status, message), as Jackson alone;
 * and the drivers' own bodies must take the compact path.
 */
class CompactCommandTest {
    private static final String TOKEN = "AQoBAzQ2YmE2ZmM0LTk3NmUtNGE2MS1hYjA5LTgyZDk3YjQ5OGJhNQ==";
    private static final String TRANSACTION = "JHcVZMN4n5x3Xk8qYt2BhL";
    private static final String DIGEST = "b9fk1CB71BBYdCk/SkcwzdgbUA/VAjv4EZF9o16DLmA=";
    /** The bodies of a benchmark transfer as the official driver's SDK sends them (DriverRequestCapture's shape). */
    private static final List<String> DRIVER_BODIES = List.of(
            "{\"StartSession\":{\"LedgerName\":\"bench\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?\","
                    + "\"Parameters\":[{\"IonBinary\":\"4AEA6oxhY2NvdW50LTEwMDA=\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?\","
                    + "\"Parameters\":[{\"IonBinary\":\"4AEA6lXCBfXb7A==\"},"
                    + "{\"IonBinary\":\"4AEA6oxhY2NvdW50LTEwMDA=\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"SELECT * FROM T\",\"Parameters\":[]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"CommitTransaction\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"CommitDigest\":\"" + DIGEST + "\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"FetchPage\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"NextPageToken\":\"page2-" + TRANSACTION + "\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"AbortTransaction\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"EndSession\":{}}");
    /** Variants outside the compact shape, or inside it with a refusal. */
    private static final List<String> VARIANTS = List.of(
            "",
            "{}",
            "{\"StartTransaction\":{},\"SessionToken\":\"" + TOKEN + "\"}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{},\"EndSession\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":null}",
            "{\"SessionToken\":null,\"StartTransaction\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{}} ",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{}}{}",
            "{\"SessionToken\":\"ab\",\"StartTransaction\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartTransaction\":{\"TransactionId\":\"x\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"Bogus\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"CommitTransaction\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"CommitDigest\":\"AAAA\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"CommitTransaction\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"CommitDigest\":\"" + DIGEST + "\",\"CommitDigest\":\"" + DIGEST + "\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"CommitTransaction\":{\"CommitDigest\":\"" + DIGEST + "\"}}",
            "{\"SessionToken\":\"" + TOKEN
                    + "\",\"CommitTransaction\":{\"TransactionId\":\"short\",\"CommitDigest\":\"%%\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"\",\"Parameters\":[{\"IonBinary\":\"%%\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Parameters\":[{\"IonBinary\":\"%%\"}],\"Statement\":\"\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[{\"IonBinary\":\"4AEA6iEB\"},{\"IonBinary\":\"AAAA\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[{\"IonText\":\"1\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[{\"IonBinary\":\"4AEA6iEB\",\"IonText\":\"1\"}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[{}]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":null}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[],\"Parameters\":[]}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"SELECT \\\"x\\\" FROM T\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"SELECT 'caf\u00e9' FROM T\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"LedgerName\":\"x\"}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"StartSession\":{\"LedgerName\":\"bench\"}}",
            "{\"StartSession\":{\"LedgerName\":\"no such ledger name because it is far too long for the model's"
                    + " limit of thirty-two characters\"}}",
            "{\"StartSession\":{}}",
            "{\"SessionToken\":\"" + TOKEN + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + TRANSACTION
                    + "\",\"Statement\":\"S\",\"Parameters\":[{\"IonBinary\":\"4AEA6iEB\"}],\"NextPageToken\":\"x\"}}");

    @Test
    void theDriversBodiesTakeTheCompactPathAndGiveJacksonsCommand() {
        for (String body : DRIVER_BODIES) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(CompactCommand.parse(bytes)).as(body).isNotNull();
            assertSameOutcome(bytes);
        }
    }

    @Test
    void variantsGiveJacksonsCommandOrRefusal() {
        for (String variant : VARIANTS) {
            assertSameOutcome(variant.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyOneByteMutationOfTheDriversBodiesGivesJacksonsCommandOrRefusal() {
        int compared = 0;
        for (String seed : DRIVER_BODIES) {
            for (byte[] body : mutations(seed.getBytes(StandardCharsets.UTF_8))) {
                assertSameOutcome(body);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void theCapturedDriverBodiesTakeTheCompactPathAndGiveJacksonsCommand() throws IOException {
        Path folder = QldbVectors.pathOrSkip("driver-wire/sdk-2.36.2");
        int compact = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String body = requestBody(Files.readString(file, StandardCharsets.UTF_8));
                if (body == null) {
                    continue;
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                assertSameOutcome(bytes);
                assertThat(CompactCommand.parse(bytes)).as(file.getFileName().toString()).isNotNull();
                compact++;
            }
        }
        assertThat(compact).isGreaterThan(50);
    }

    /** The request body of a capture file ({@code ### REQUEST}, head, blank line, body), or null. */
    private static String requestBody(String capture) {
        int response = capture.indexOf("### RESPONSE");
        if (!capture.startsWith("### REQUEST") || response < 0) {
            return null;
        }
        StringBuilder body = new StringBuilder();
        boolean inBody = false;
        for (String line : capture.substring(0, response).split("\n")) {
            if (!inBody) {
                inBody = line.isEmpty();
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                body.append(line);
            }
        }
        return body.length() == 0 ? null : body.toString();
    }

    /** The body itself, and each byte deleted, doubled, or replaced by one of a few structural or odd bytes. */
    private static List<byte[]> mutations(byte[] body) {
        byte[] replacements = " \"\\{}[,:0".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> mutations = new ArrayList<>();
        mutations.add(body);
        for (int i = 0; i < body.length; i++) {
            mutations.add(splice(body, i, 1, new byte[0]));
            mutations.add(splice(body, i, 0, new byte[] {body[i]}));
            for (byte replacement : replacements) {
                if (replacement != body[i]) {
                    mutations.add(splice(body, i, 1, new byte[] {replacement}));
                }
            }
            mutations.add(splice(body, i, 1, new byte[] {(byte) 0xC3, (byte) 0xA9}));
            mutations.add(splice(body, i, 1, new byte[] {0x01}));
        }
        return mutations;
    }

    private static byte[] splice(byte[] body, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + inserted.length);
        out.write(body, 0, at);
        out.write(inserted, 0, inserted.length);
        out.write(body, at + removed, body.length - at - removed);
        return out.toByteArray();
    }

    private static void assertSameOutcome(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(outcome(() -> CommandParser.parse(body))).as(text)
                .isEqualTo(outcome(() -> CommandParser.parseWithJackson(body)));
    }

    /** The command, or the refusal's class, type, status and message. */
    private static Object outcome(java.util.function.Supplier<SessionCommand> parse) {
        try {
            return parse.get();
        } catch (SessionException e) {
            return List.of(e.errorType(), e.httpStatus(), String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            return List.of(e.getClass().getName(), String.valueOf(e.getMessage()));
        }
    }
}
