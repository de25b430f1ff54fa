package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.client.Vectors;
import io.vellum.proof.hash.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The commit digest the client sends, for every vector of {@code commit-digest/}: 22 transactions generated with the
 * official Java driver 2.3.1 (all Ion parameter types, as sent on the wire) and 5 from the .NET and Go drivers' unit
 * tests. Each transaction runs through {@link ActiveTransaction} exactly as in production; the transport answers every
 * statement with an empty page and echoes the commit, and the test compares the CommitDigest the client put on the
 * wire. The driver's parameter bytes must also be reproduced exactly by {@link IonValueCodec#encode}.
 */
class CommitDigestVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IonSystem ion = IonSystemBuilder.standard().build();

    private record Statement(String text, List<IonValue> parameters, List<byte[]> wireParameters) {
    }

    private record Vector(String name, String transactionId, List<Statement> statements, Hash commitDigest) {
    }

    @TestFactory
    List<DynamicTest> javaDriverGeneratedVectors() {
        IonList file = (IonList) ion.getLoader().load(Vectors.text("commit-digest/java-driver-2.3.1-generated.ion")).get(0);
        List<Vector> vectors = new ArrayList<>();
        for (IonValue entry : file) {
            IonStruct vector = (IonStruct) entry;
            List<Statement> statements = new ArrayList<>();
            for (IonValue statement : (IonList) vector.get("statements")) {
                List<IonValue> parameters = new ArrayList<>();
                List<byte[]> wire = new ArrayList<>();
                for (IonValue base64 : (IonList) ((IonStruct) statement).get("parametersIonBinaryBase64")) {
                    byte[] bytes = Base64.getDecoder().decode(((IonText) base64).stringValue());
                    wire.add(bytes);
                    parameters.add(ion.singleValue(bytes));
                }
                statements.add(new Statement(text(statement, "statement"), parameters, wire));
            }
            vectors.add(new Vector("generated #" + vectors.size() + " " + statements.size() + " statements",
                    text(vector, "transactionId"), statements, Hash.fromBase64(text(vector, "commitDigestBase64"))));
        }
        assertThat(vectors).hasSize(22);
        return tests(vectors);
    }

    @TestFactory
    List<DynamicTest> driverUnitTestVectors() throws IOException {
        JsonNode file = JSON.readTree(Vectors.text("commit-digest/driver-unit-test-vectors.json"));
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode vector : file) {
            List<Statement> statements = new ArrayList<>();
            for (JsonNode statement : vector.path("statements")) {
                List<IonValue> parameters = new ArrayList<>();
                for (JsonNode text : statement.path("parametersIonText")) {
                    parameters.add(ion.singleValue(text.asText()));
                }
                statements.add(new Statement(statement.path("statement").asText(), parameters, null));
            }
            vectors.add(new Vector(vector.path("source").asText().split(" : ")[0] + " #" + vectors.size(),
                    vector.path("transactionId").asText(), statements,
                    Hash.fromHex(vector.path("commitDigestHex").asText())));
        }
        assertThat(vectors).hasSize(5);
        return tests(vectors);
    }

    private List<DynamicTest> tests(List<Vector> vectors) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Vector vector : vectors) {
            tests.add(DynamicTest.dynamicTest(vector.name(), () -> {
                List<String> committedDigests = new ArrayList<>();
                List<byte[]> sentParameters = new ArrayList<>();
                SessionCommands commands = new SessionCommands(echo(committedDigests, sentParameters), ion);
                ActiveTransaction transaction = new ActiveTransaction(commands, "session", vector.transactionId());
                List<byte[]> expectedWire = new ArrayList<>();
                for (Statement statement : vector.statements()) {
                    transaction.execute(statement.text(), statement.parameters());
                    if (statement.wireParameters() != null) {
                        expectedWire.addAll(statement.wireParameters());
                    }
                }
                assertThat(transaction.commitDigest()).isEqualTo(vector.commitDigest());
                transaction.commit(null);
                assertThat(committedDigests).containsExactly(vector.commitDigest().toBase64());
                if (!expectedWire.isEmpty()) {
                    assertThat(sentParameters).hasSameSizeAs(expectedWire);
                    for (int i = 0; i < expectedWire.size(); i++) {
                        assertThat(sentParameters.get(i)).as("parameter %d bytes", i).isEqualTo(expectedWire.get(i));
                    }
                }
            }));
        }
        return tests;
    }

    /** Answers ExecuteStatement with an empty page and CommitTransaction with the digest it received. */
    private static SessionTransport echo(List<String> committedDigests, List<byte[]> sentParameters) {
        return body -> {
            JsonNode request = JSON.readTree(body);
            String answer;
            if (request.has("ExecuteStatement")) {
                for (JsonNode holder : request.path("ExecuteStatement").path("Parameters")) {
                    sentParameters.add(Base64.getDecoder().decode(holder.path("IonBinary").asText()));
                }
                answer = "{\"ExecuteStatement\":{\"FirstPage\":{\"Values\":[]}}}";
            } else if (request.has("CommitTransaction")) {
                JsonNode commit = request.path("CommitTransaction");
                committedDigests.add(commit.path("CommitDigest").asText());
                answer = "{\"CommitTransaction\":" + commit + "}";
            } else {
                throw new UncheckedIOException(new IOException("unexpected command " + request));
            }
            return new HttpAnswer(200, Map.of(), answer.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static String text(IonValue struct, String field) {
        return ((IonText) ((IonStruct) struct).get(field)).stringValue();
    }
}
