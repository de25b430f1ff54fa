package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.hash.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The batch answer read without a JSON tree ({@link BatchAnswerReader}) gives what the tree gave, and every answer of
 * another shape is left to the tree, which accepts or refuses it as before.
 */
class BatchAnswerReaderTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String ID = "TxnBatched000000000001";
    private static final String BALANCE = Base64.getEncoder().encodeToString(
            IonValueCodec.encode(ION.singleValue("{balance: 1000000.00}")));
    private static final Hash DIGEST = Hash.of(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});

    /** The answer as the server writes it. */
    private static final String SERVER_ANSWER = "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":[{\"IonBinary\":\""
            + BALANCE + "\"}]},{\"Values\":[],\"NextPageToken\":\"next1\"}],\"CommitDigest\":\"" + DIGEST.toBase64()
            + "\",\"TimingInformation\":{\"ProcessingTimeMilliseconds\":3}}";

    private static SessionCommands answering(String json) {
        SessionTransport batches = body -> new HttpAnswer(200, Map.of(), json.getBytes(StandardCharsets.UTF_8));
        return new SessionCommands(body -> {
            throw new AssertionError("only batches are sent");
        }, batches, ION);
    }

    private static SessionCommands.BatchAnswer batch(String json, int statements) {
        List<SessionCommands.BatchStatement> sent = java.util.Collections.nCopies(statements,
                new SessionCommands.BatchStatement("SELECT 1", List.of()));
        return answering(json).batch("token", ID, sent, DIGEST);
    }

    @Test
    void theServersAnswerIsReadWithoutATreeAsTheTreeReadIt() {
        BatchAnswerReader.RawAnswer raw = BatchAnswerReader.read(SERVER_ANSWER.getBytes(StandardCharsets.UTF_8));
        assertThat(raw).isNotNull();
        assertThat(raw.transactionId()).isEqualTo(ID);
        assertThat(raw.results()).hasSize(2);
        assertThat(raw.results().get(1).nextPageToken()).isEqualTo("next1");
        assertThat(raw.timing().processingTimeMilliseconds()).isEqualTo(3);

        SessionCommands.BatchAnswer answer = batch(SERVER_ANSWER, 2);
        assertThat(answer.transactionId()).isEqualTo(ID);
        assertThat(answer.commitDigest()).isEqualTo(DIGEST);
        assertThat(answer.pages().get(0).values()).containsExactly(ION.singleValue("{balance: 1000000.00}"));
        assertThat(answer.pages().get(0).nextPageToken()).isNull();
        assertThat(answer.pages().get(1).values()).isEmpty();
        assertThat(answer.pages().get(1).nextPageToken()).isEqualTo("next1");
        assertThat(answer.pages().get(1).timingInformation().processingTimeMilliseconds()).isEqualTo(3);
        assertThat(answer.pages().get(1).consumedIOs()).isNull();
    }

    /** Each result's ConsumedIOs, as the server writes them since session 12, read by the reader and by the tree. */
    @Test
    void eachResultsConsumedIosAreItsOwnOnBothPaths() {
        String perResult = "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":[],\"ConsumedIOs\":"
                + "{\"ReadIOs\":2,\"WriteIOs\":0}},{\"Values\":[],\"ConsumedIOs\":{\"ReadIOs\":0,\"WriteIOs\":1}}],"
                + "\"CommitDigest\":\"" + DIGEST.toBase64() + "\"}";
        SessionCommands.BatchAnswer fast = batch(perResult, 2);
        assertThat(BatchAnswerReader.read(perResult.getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(fast.pages().get(0).consumedIOs()).isEqualTo(new io.vellum.client.ConsumedIOs(2, 0));
        assertThat(fast.pages().get(1).consumedIOs()).isEqualTo(new io.vellum.client.ConsumedIOs(0, 1));
        // IonText sends the answer down the tree path, which must read the same per-result numbers.
        String viaTree = perResult.replace("\"Values\":[],\"ConsumedIOs\":{\"ReadIOs\":2",
                "\"Values\":[{\"IonText\":\"1\"}],\"ConsumedIOs\":{\"ReadIOs\":2");
        assertThat(BatchAnswerReader.read(viaTree.getBytes(StandardCharsets.UTF_8))).isNull();
        SessionCommands.BatchAnswer tree = batch(viaTree, 2);
        assertThat(tree.pages().get(0).consumedIOs()).isEqualTo(new io.vellum.client.ConsumedIOs(2, 0));
        assertThat(tree.pages().get(1).consumedIOs()).isEqualTo(new io.vellum.client.ConsumedIOs(0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":[{\"IonText\":\"{balance: 1.00}\"}]}]}",
        "{\"TransactionId\":\"" + ID + "\",\"TransactionId\":\"" + ID + "\",\"Results\":[]}",
        "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":null}]}",
        "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"NextPageToken\":null}]}",
        "{\"TransactionId\":\"" + ID + "\",\"Results\":[],\"TimingInformation\":{\"ProcessingTimeMilliseconds\":1.5}}",
        "{\"TransactionId\":1,\"Results\":[]}",
        "[1]",
        "not json",
        "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":[{\"IonBinary\":\"%%%\"}]}]}"})
    void otherShapesAreLeftToTheTree(String json) {
        assertThat(BatchAnswerReader.read(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void theTreeStillAcceptsWhatTheReaderLeavesToItAndRefusesWhatBreaksTheProtocol() {
        String ionText = "{\"TransactionId\":\"" + ID + "\",\"Results\":[{\"Values\":[{\"IonText\":\"{balance: 1.00}\"}],"
                + "\"NextPageToken\":null}],\"CommitDigest\":\"" + DIGEST.toBase64() + "\"}";
        assertThat(batch(ionText, 1).pages().get(0).values()).containsExactly(ION.singleValue("{balance: 1.00}"));
        assertThatThrownBy(() -> batch(SERVER_ANSWER, 3)).hasMessageContaining("Results must be a list of 3 results");
        assertThatThrownBy(() -> batch(SERVER_ANSWER.replace(ID, "TxnOther00000000000001"), 2))
                .hasMessageContaining("is not the transaction sent");
        assertThatThrownBy(() -> batch(SERVER_ANSWER.replace(",\"CommitDigest\":\"" + DIGEST.toBase64() + "\"", ""), 2))
                .hasMessageContaining("no CommitDigest");
        assertThatThrownBy(() -> batch(SERVER_ANSWER.replace(BALANCE, "4AEA6iEBIQI="), 2))
                .hasMessageContaining("Batch.Results[0].Values[0]").hasMessageContaining("not exactly one Ion value");
        assertThatThrownBy(() -> batch("not json", 2)).hasMessageContaining("not JSON");
    }
}
