package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.client.VellumClientBuilder;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.VerificationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Batched transactions against scripted batch answers: what the client sends (statements, the digest it computed)
 * and that it still checks the commit digest the server echoes.
 */
class BatchedTransactionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String TRANSACTION_ID = "TxnBatched000000000001";

    @Test
    void sendsHeldStatementsWhenAResultIsReadAndTheRestWithTheCommitDigestItComputed() {
        List<JsonNode> batches = new ArrayList<>();
        SessionCommands commands = commands(batches, null);
        new TransactionRunner(commands, "bank", 1, delay -> { }).execute(txn -> {
            txn.execute("UPDATE A SET x = 1");
            txn.execute("SELECT * FROM A").isEmpty();
            txn.execute("INSERT INTO A ?", ION.newString("a"));
            return null;
        }, VellumClientBuilder.DEFAULT_RETRY_POLICY);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).has("TransactionId")).isFalse();
        assertThat(batches.get(0).get("Statements")).hasSize(2);
        assertThat(batches.get(1).get("TransactionId").asText()).isEqualTo(TRANSACTION_ID);
        assertThat(batches.get(1).get("Statements").get(0).get("Statement").asText()).isEqualTo("INSERT INTO A ?");
        Hash expected = new CommitDigest(TRANSACTION_ID).add("UPDATE A SET x = 1", List.of())
                .add("SELECT * FROM A", List.of()).add("INSERT INTO A ?", List.of(ION.newString("a"))).value();
        assertThat(batches.get(1).get("CommitDigest").asText()).isEqualTo(expected.toBase64());
    }

    @Test
    void aCommitDigestEchoedDifferentlyIsAVerificationFailureAsWithoutBatching() {
        List<JsonNode> batches = new ArrayList<>();
        Hash wrong = Hash.of(new byte[32]);
        SessionCommands commands = commands(batches, wrong);
        assertThatThrownBy(() -> new TransactionRunner(commands, "bank", 1, delay -> { }).execute(txn -> {
            txn.execute("SELECT * FROM A").isEmpty();
            txn.execute("UPDATE A SET x = 1");
            return null;
        }, VellumClientBuilder.DEFAULT_RETRY_POLICY))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("must echo the commit digest the client computed");
    }

    @Test
    void readsIssuedBeforeEitherIsReadTravelWithTheStartAndTheRestWithTheCheckedCommit() {
        List<JsonNode> batches = new ArrayList<>();
        SessionCommands commands = commands(batches, null);
        new TransactionRunner(commands, "bank", 1, delay -> { }).execute(txn -> {
            var first = txn.execute("SELECT * FROM A WHERE id = ?", ION.newString("a"));
            var second = txn.execute("SELECT * FROM A WHERE id = ?", ION.newString("b"));
            first.isEmpty();
            second.isEmpty();
            txn.execute("UPDATE A SET x = 1");
            txn.execute("INSERT INTO B ?", ION.newString("t"));
            return null;
        }, VellumClientBuilder.DEFAULT_RETRY_POLICY);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).has("TransactionId")).isFalse();
        assertThat(batches.get(0).has("CommitDigest")).isFalse();
        assertThat(batches.get(0).get("Statements")).hasSize(2);
        assertThat(batches.get(1).get("Statements")).hasSize(2);
        Hash expected = new CommitDigest(TRANSACTION_ID)
                .add("SELECT * FROM A WHERE id = ?", List.of(ION.newString("a")))
                .add("SELECT * FROM A WHERE id = ?", List.of(ION.newString("b")))
                .add("UPDATE A SET x = 1", List.of()).add("INSERT INTO B ?", List.of(ION.newString("t"))).value();
        assertThat(batches.get(1).get("CommitDigest").asText()).isEqualTo(expected.toBase64());
    }

    @Test
    void aMismatchedEchoAfterReadsIssuedTogetherIsStillAVerificationFailure() {
        List<JsonNode> batches = new ArrayList<>();
        SessionCommands commands = commands(batches, Hash.of(new byte[32]));
        assertThatThrownBy(() -> new TransactionRunner(commands, "bank", 1, delay -> { }).execute(txn -> {
            var first = txn.execute("SELECT * FROM A WHERE id = 'a'");
            var second = txn.execute("SELECT * FROM A WHERE id = 'b'");
            first.isEmpty();
            second.isEmpty();
            txn.execute("UPDATE A SET x = 1");
            return null;
        }, VellumClientBuilder.DEFAULT_RETRY_POLICY))
                .isInstanceOf(VerificationException.class)
                .hasMessageContaining("must echo the commit digest the client computed");
        assertThat(batches).hasSize(2);
    }

    @Test
    void theBatchBodyIsTheJsonOfItsMembers() throws Exception {
        byte[] body = SessionCommands.batchBody("tok\"1", "Txn1", List.of(
                new SessionCommands.BatchStatement("SELECT * FROM A WHERE x = ?", List.of(new byte[] {1, 2, 3})),
                new SessionCommands.BatchStatement("DELETE FROM \"A\"", List.of())), Hash.of(new byte[32]));
        JsonNode request = JSON.readTree(body);
        assertThat(request.get("SessionToken").asText()).isEqualTo("tok\"1");
        assertThat(request.get("TransactionId").asText()).isEqualTo("Txn1");
        assertThat(request.get("Statements").get(0).get("Statement").asText()).isEqualTo("SELECT * FROM A WHERE x = ?");
        assertThat(request.get("Statements").get(0).get("Parameters").get(0).get("IonBinary").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        assertThat(request.get("Statements").get(1).get("Statement").asText()).isEqualTo("DELETE FROM \"A\"");
        assertThat(request.get("Statements").get(1).get("Parameters")).isEmpty();
        assertThat(request.get("CommitDigest").asText()).isEqualTo(Hash.of(new byte[32]).toBase64());
        assertThat(JSON.readTree(SessionCommands.batchBody("t", null, List.of(), null)).toString())
                .isEqualTo("{\"SessionToken\":\"t\",\"Statements\":[]}");
    }

    /** A session that starts and aborts freely; batches answered with one empty result per statement. */
    private static SessionCommands commands(List<JsonNode> batches, Hash echoOverride) {
        SessionTransport session = body -> {
            JsonNode request = JSON.readTree(body);
            String answer = request.has("StartSession") ? "{\"StartSession\":{\"SessionToken\":\"tok1\"}}"
                    : "{\"AbortTransaction\":{}}";
            return new HttpAnswer(200, Map.of(), answer.getBytes(StandardCharsets.UTF_8));
        };
        SessionTransport batchTransport = body -> {
            JsonNode request = JSON.readTree(body);
            batches.add(request);
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < request.get("Statements").size(); i++) {
                results.append(i == 0 ? "" : ",").append("{\"Values\":[]}");
            }
            String digest = !request.has("CommitDigest") ? ""
                    : ",\"CommitDigest\":\"" + (echoOverride != null ? echoOverride.toBase64()
                    : request.get("CommitDigest").asText()) + "\"";
            String answer = "{\"TransactionId\":\"" + TRANSACTION_ID + "\",\"Results\":[" + results + "]" + digest + "}";
            return new HttpAnswer(200, Map.of(), answer.getBytes(StandardCharsets.UTF_8));
        };
        return new SessionCommands(session, batchTransport, ION);
    }
}
