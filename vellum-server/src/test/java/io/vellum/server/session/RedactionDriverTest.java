package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.block.Revision;
import io.vellum.proof.verify.Verifier;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.GetDigestResponse;
import software.amazon.awssdk.services.qldb.model.GetRevisionResponse;
import software.amazon.awssdk.services.qldb.model.ValueHolder;
import software.amazon.awssdk.services.qldbsession.model.BadRequestException;
import software.amazon.qldb.QldbDriver;

/**
 * {@code EXEC redact_revision} through the official QLDB driver, unmodified, against a real server with SigV4 on:
 * QLDB's answer, QLDB's rules as BadRequestExceptions, and GetRevision (AWS SDK) showing the revision as QLDB does,
 * {@code dataHash} without {@code data}, with a proof that still folds to the digest.
 */
class RedactionDriverTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path data;
    private VellumServer server;
    private QldbDriver driver;
    private QldbClient qldb;

    @BeforeEach
    void start() {
        server = TestServers.start(data);
        server.ledgers().create("people", false, "ALLOW_ALL", Map.of());
        driver = TestServers.driver(server, "people");
        qldb = QldbClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        qldb.close();
        driver.close();
        server.close();
    }

    private List<IonValue> run(String statement, IonValue... parameters) {
        return driver.execute(txn -> {
            List<IonValue> results = new ArrayList<>();
            for (IonValue value : txn.execute(statement, parameters)) {
                results.add(value);
            }
            return results;
        });
    }

    private static String text(IonValue struct, String field) {
        return ((IonText) ((IonStruct) struct).get(field)).stringValue();
    }

    @Test
    void redactsThroughTheDriverAndGetRevisionShowsDataHash() {
        String tableId = text(run("CREATE TABLE Person").get(0), "tableId");
        IonStruct original = (IonStruct) ION.singleValue("{name:\"Mary Major\",ssn:\"123-45-6789\"}");
        String documentId = text(run("INSERT INTO Person ?", original).get(0), "documentId");
        run("UPDATE Person AS p SET p.ssn = 'redacted on request'");
        IonStruct first = (IonStruct) run("SELECT * FROM history(Person) AS h WHERE h.metadata.id = ?",
                ION.newString(documentId)).get(0);
        IonStruct address = (IonStruct) first.get("blockAddress").clone();

        // QLDB's documented literal form, as a QLDB application writes it: the block address in backticks.
        List<IonValue> answer = run("EXEC redact_revision `" + address + "`, '" + tableId + "', '" + documentId + "'");

        assertThat(answer).containsExactly(ION.singleValue("{blockAddress:" + address + ",tableId:\"" + tableId
                + "\",documentId:\"" + documentId + "\",version:0}"));
        IonStruct redacted = (IonStruct) run("SELECT * FROM history(Person) AS h WHERE h.metadata.id = ?",
                ION.newString(documentId)).get(0);
        assertThat(redacted.containsKey("data")).isFalse();
        assertThat(redacted.get("hash")).isEqualTo(first.get("hash"));
        assertThat(Hash.of(((com.amazon.ion.IonBlob) redacted.get("dataHash")).getBytes()))
                .isEqualTo(IonHash.of(original));

        GetDigestResponse digest = qldb.getDigest(r -> r.name("people"));
        GetRevisionResponse revision = qldb.getRevision(r -> r.name("people")
                .blockAddress(ValueHolder.builder().ionText(address.toString()).build()).documentId(documentId)
                .digestTipAddress(digest.digestTipAddress()));
        assertThat(revision.revision().ionText()).contains(",dataHash:{{").doesNotContain(",data:")
                .doesNotContain("123-45-6789");
        Revision parsed = Revision.fromIon(ION.singleValue(revision.revision().ionText()));
        parsed.verifyHash();
        IonStruct tip = (IonStruct) ION.singleValue(digest.digestTipAddress().ionText());
        LedgerDigest ledgerDigest = new LedgerDigest(Hash.of(digest.digest().asByteArray()), new BlockAddress(
                text(tip, "strandId"), ((com.amazon.ion.IonInt) tip.get("sequenceNo")).longValue()));
        Verifier.verifyRevision(parsed, ProofText.parse(revision.proof().ionText()), ledgerDigest);
    }

    @Test
    void qldbsRulesAreBadRequests() {
        String tableId = text(run("CREATE TABLE Person").get(0), "tableId");
        String documentId = text(run("INSERT INTO Person {'name': 'a'}").get(0), "documentId");
        run("UPDATE Person AS p SET p.name = 'b'");
        List<IonValue> history = run("SELECT h.blockAddress FROM history(Person) AS h");
        IonValue older = ((IonStruct) history.get(0)).get("blockAddress");
        IonValue latest = ((IonStruct) history.get(1)).get("blockAddress");
        assertThatThrownBy(() -> run("EXEC redact_revision ?, ?, ?", latest, ION.newString(tableId),
                ION.newString(documentId))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("is the document's latest revision");
        assertThatThrownBy(() -> run("EXEC redact_revision ?, ?, ?", older, ION.newString("nosuchtable00000000000"),
                ION.newString(documentId))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("no table has the id");
        assertThatThrownBy(() -> driver.execute(txn -> {
            txn.execute("EXEC redact_revision ?, ?, ?", older, ION.newString(tableId), ION.newString(documentId));
            return txn.execute("EXEC redact_revision ?, ?, ?", older, ION.newString(tableId),
                    ION.newString(documentId));
        })).isInstanceOf(BadRequestException.class).hasMessageContaining("at most one revision");
        run("EXEC redact_revision ?, ?, ?", older, ION.newString(tableId), ION.newString(documentId));
        assertThatThrownBy(() -> run("EXEC redact_revision ?, ?, ?", older, ION.newString(tableId),
                ION.newString(documentId))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("is redacted already");
    }
}
