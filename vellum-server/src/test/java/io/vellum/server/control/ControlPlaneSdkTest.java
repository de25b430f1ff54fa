package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.proof.block.BlockAddress;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import software.amazon.awssdk.services.qldb.model.CreateLedgerResponse;
import software.amazon.awssdk.services.qldb.model.DescribeLedgerResponse;
import software.amazon.awssdk.services.qldb.model.GetBlockResponse;
import software.amazon.awssdk.services.qldb.model.GetDigestResponse;
import software.amazon.awssdk.services.qldb.model.GetRevisionResponse;
import software.amazon.awssdk.services.qldb.model.InvalidParameterException;
import software.amazon.awssdk.services.qldb.model.LedgerState;
import software.amazon.awssdk.services.qldb.model.LedgerSummary;
import software.amazon.awssdk.services.qldb.model.ListLedgersResponse;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.qldb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.qldb.model.ResourcePreconditionNotMetException;
import software.amazon.awssdk.services.qldb.model.ValueHolder;

/**
 * The control plane through the official AWS SDK {@code QldbClient} against a real server with SigV4 on: ledger
 * management, tags, and GetDigest → GetRevision/GetBlock whose proofs are folded to the digest by this test's own
 * {@code dot} (COMPATIBILITY.md §2, §7), not by Vellum's verifier.
 */
class ControlPlaneSdkTest {
    @TempDir
    Path directory;
    private VellumServer server;
    private QldbClient qldb;

    @BeforeEach
    void start() {
        server = VellumServer.start(ServerConfig.defaults(directory));
        qldb = QldbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .build();
    }

    @AfterEach
    void stop() {
        qldb.close();
        server.close();
    }

    // ----- ledgers ------------------------------------------------------------------------------------------------

    @Test
    void createDescribeUpdateAndDeleteHonouringDeletionProtection() {
        Instant before = Instant.now().minusSeconds(1);
        CreateLedgerResponse created = qldb.createLedger(r -> r.name("vehicle-registration")
                .permissionsMode(PermissionsMode.STANDARD).tags(Map.of("IsTest", "true")));
        assertThat(created.name()).isEqualTo("vehicle-registration");
        assertThat(created.arn()).isEqualTo("arn:aws:qldb:us-east-1:000000000000:ledger/vehicle-registration");
        assertThat(created.state()).isEqualTo(LedgerState.ACTIVE);
        assertThat(created.permissionsMode()).isEqualTo(PermissionsMode.STANDARD);
        assertThat(created.deletionProtection()).as("QLDB's default").isTrue();
        assertThat(created.creationDateTime()).isBetween(before, Instant.now().plusSeconds(1));

        DescribeLedgerResponse described = qldb.describeLedger(r -> r.name("vehicle-registration"));
        assertThat(described.creationDateTime()).isEqualTo(created.creationDateTime());
        assertThat(described.deletionProtection()).isTrue();
        assertThat(described.encryptionDescription()).isNull();

        assertThatThrownBy(() -> qldb.deleteLedger(r -> r.name("vehicle-registration")))
                .isInstanceOfSatisfying(ResourcePreconditionNotMetException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.resourceName()).isEqualTo("vehicle-registration");
                    assertThat(e.getMessage()).contains("deletion protection");
                });

        assertThat(qldb.updateLedger(r -> r.name("vehicle-registration").deletionProtection(false))
                .deletionProtection()).isFalse();
        assertThat(qldb.updateLedgerPermissionsMode(r -> r.name("vehicle-registration")
                .permissionsMode(PermissionsMode.ALLOW_ALL)).permissionsMode()).isEqualTo(PermissionsMode.ALLOW_ALL);
        qldb.deleteLedger(r -> r.name("vehicle-registration"));
        assertThatThrownBy(() -> qldb.describeLedger(r -> r.name("vehicle-registration")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.resourceType()).isEqualTo("LEDGER");
                    assertThat(e.resourceName()).isEqualTo("vehicle-registration");
                });
    }

    @Test
    void createErrors() {
        qldb.createLedger(r -> r.name("l1").permissionsMode(PermissionsMode.ALLOW_ALL));
        assertThatThrownBy(() -> qldb.createLedger(r -> r.name("l1").permissionsMode(PermissionsMode.ALLOW_ALL)))
                .isInstanceOfSatisfying(ResourceAlreadyExistsException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThatThrownBy(() -> qldb.createLedger(r -> r.name("no--double").permissionsMode(PermissionsMode.STANDARD)))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameterName()).isEqualTo("Name"));
        assertThatThrownBy(() -> qldb.createLedger(r -> r.name("l2")))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameterName()).isEqualTo("PermissionsMode"));
        assertThatThrownBy(() -> qldb.createLedger(r -> r.name("l3").permissionsMode(PermissionsMode.STANDARD)
                .kmsKey("arn:aws:kms:us-east-1:123456789012:key/x")))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameterName()).isEqualTo("KmsKey"));
        assertThatThrownBy(() -> qldb.updateLedger(r -> r.name("missing").deletionProtection(false)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> qldb.deleteLedger(r -> r.name("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listLedgersPagesInNameOrder() {
        for (String name : List.of("c-ledger", "a-ledger", "b-ledger")) {
            qldb.createLedger(r -> r.name(name).permissionsMode(PermissionsMode.STANDARD));
        }
        ListLedgersResponse first = qldb.listLedgers(r -> r.maxResults(2));
        assertThat(first.ledgers()).extracting(LedgerSummary::name).containsExactly("a-ledger", "b-ledger");
        assertThat(first.ledgers()).allSatisfy(ledger -> {
            assertThat(ledger.state()).isEqualTo(LedgerState.ACTIVE);
            assertThat(ledger.creationDateTime()).isNotNull();
        });
        assertThat(first.nextToken()).isNotNull();
        ListLedgersResponse second = qldb.listLedgers(r -> r.maxResults(2).nextToken(first.nextToken()));
        assertThat(second.ledgers()).extracting(LedgerSummary::name).containsExactly("c-ledger");
        assertThat(second.nextToken()).isNull();
        assertThat(qldb.listLedgersPaginator(r -> r.maxResults(1)).stream().flatMap(page -> page.ledgers().stream()))
                .extracting(LedgerSummary::name)
                .containsExactly("a-ledger", "b-ledger", "c-ledger");
        assertThatThrownBy(() -> qldb.listLedgers(r -> r.nextToken("not+a+token")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void tagsAddReplaceListAndRemove() {
        String arn = qldb.createLedger(r -> r.name("tagged").permissionsMode(PermissionsMode.STANDARD)
                .tags(Map.of("team", "ledger"))).arn();
        qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("env", "test", "team", "core")));
        assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .isEqualTo(Map.of("env", "test", "team", "core"));
        qldb.untagResource(r -> r.resourceArn(arn).tagKeys("team", "absent"));
        assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("env", "test"));

        String otherAccount = arn.replace("000000000000", "123456789012");
        assertThatThrownBy(() -> qldb.listTagsForResource(r -> r.resourceArn(otherAccount)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("aws:reserved", "x"))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameterName()).isEqualTo("Tags"));
    }

    // ----- digests and proofs -------------------------------------------------------------------------------------

    /** A document written in one block: its id and that block's address. */
    record Written(String documentId, BlockAddress block) {
    }

    private Written insert(Ledger ledger, String table, String ionDocument) {
        try (Transaction transaction = ledger.begin()) {
            IonValue result = transaction.execute("INSERT INTO " + table + " VALUE " + ionDocument).get(0);
            CommitResult commit = transaction.commit();
            return new Written(((com.amazon.ion.IonText) ((IonStruct) result).get("documentId")).stringValue(),
                    commit.blockAddress());
        }
    }

    private Ledger ledgerWithCars() {
        qldb.createLedger(r -> r.name("cars").permissionsMode(PermissionsMode.STANDARD));
        Ledger ledger = server.ledgers().ledger("cars");
        ledger.execute(transaction -> transaction.execute("CREATE TABLE Cars"));
        return ledger;
    }

    private static ValueHolder ionText(BlockAddress address) {
        return ValueHolder.builder().ionText(address.toIonText()).build();
    }

    @Test
    void revisionAndBlockProofsFoldToTheDigest() {
        Ledger ledger = ledgerWithCars();
        Written car = insert(ledger, "Cars", "{'VIN': 'V1', 'price': 12.50}");
        for (int i = 0; i < 5; i++) {
            insert(ledger, "Cars", "{'VIN': 'W" + i + "'}");
        }
        GetDigestResponse digest = qldb.getDigest(r -> r.name("cars"));
        byte[] expected = digest.digest().asByteArray();
        assertThat(expected).hasSize(32);
        String tip = digest.digestTipAddress().ionText();
        assertThat(tip).isEqualTo(ledger.digest().tipAddress().toIonText());

        GetRevisionResponse revision = qldb.getRevision(r -> r.name("cars").blockAddress(ionText(car.block()))
                .documentId(car.documentId()).digestTipAddress(digest.digestTipAddress()));
        IonStruct revisionIon = (IonStruct) QldbIonText.parse(revision.revision().ionText());
        assertThat(revision.revision().ionText()).startsWith("{blockAddress:" + car.block().toIonText() + ",hash:{{");
        assertThat(((IonStruct) revisionIon.get("data")).get("price").toString()).isEqualTo("12.50");
        assertThat(((IonStruct) revisionIon.get("metadata")).get("id").toString())
                .isEqualTo("\"" + car.documentId() + "\"");
        assertThat(fold(hash(revisionIon.get("hash")), proof(revision.proof().ionText()))).isEqualTo(expected);

        GetBlockResponse block = qldb.getBlock(r -> r.name("cars").blockAddress(ionText(car.block()))
                .digestTipAddress(digest.digestTipAddress()));
        IonStruct blockIon = (IonStruct) QldbIonText.parse(block.block().ionText());
        assertThat(block.block().ionText()).startsWith("{blockAddress:" + car.block().toIonText() + ",transactionId:");
        assertThat(fold(hash(blockIon.get("blockHash")), proof(block.proof().ionText()))).isEqualTo(expected);
        // The revision's proof passes through its block: its tail is the block's proof.
        List<byte[]> revisionProof = proof(revision.proof().ionText());
        List<byte[]> blockProof = proof(block.proof().ionText());
        assertThat(revisionProof.subList(revisionProof.size() - blockProof.size(), revisionProof.size()))
                .containsExactlyElementsOf(blockProof);
    }

    @Test
    void proofsToAnOlderDigestStillVerifyAfterMoreCommits() {
        Ledger ledger = ledgerWithCars();
        Written car = insert(ledger, "Cars", "{'VIN': 'V1'}");
        GetDigestResponse older = qldb.getDigest(r -> r.name("cars"));
        for (int i = 0; i < 9; i++) {
            insert(ledger, "Cars", "{'VIN': 'X" + i + "'}");
        }
        GetDigestResponse newer = qldb.getDigest(r -> r.name("cars"));
        assertThat(newer.digest()).isNotEqualTo(older.digest());
        for (GetDigestResponse digest : List.of(older, newer)) {
            GetRevisionResponse revision = qldb.getRevision(r -> r.name("cars").blockAddress(ionText(car.block()))
                    .documentId(car.documentId()).digestTipAddress(digest.digestTipAddress()));
            IonStruct revisionIon = (IonStruct) QldbIonText.parse(revision.revision().ionText());
            assertThat(fold(hash(revisionIon.get("hash")), proof(revision.proof().ionText())))
                    .isEqualTo(digest.digest().asByteArray());
            GetBlockResponse block = qldb.getBlock(r -> r.name("cars").blockAddress(ionText(car.block()))
                    .digestTipAddress(digest.digestTipAddress()));
            IonStruct blockIon = (IonStruct) QldbIonText.parse(block.block().ionText());
            assertThat(fold(hash(blockIon.get("blockHash")), proof(block.proof().ionText())))
                    .isEqualTo(digest.digest().asByteArray());
        }
    }

    @Test
    void withoutATipThereIsNoProofAndAddressesMayHaveSpaces() {
        Ledger ledger = ledgerWithCars();
        Written car = insert(ledger, "Cars", "{'VIN': 'V1'}");
        String spaced = "{ sequenceNo: " + car.block().sequenceNo() + ", strandId: \"" + car.block().strandId() + "\" }";
        GetRevisionResponse revision = qldb.getRevision(r -> r.name("cars")
                .blockAddress(ValueHolder.builder().ionText(spaced).build()).documentId(car.documentId()));
        assertThat(revision.revision().ionText()).contains(car.documentId());
        assertThat(revision.proof()).isNull();
        GetBlockResponse block = qldb.getBlock(r -> r.name("cars").blockAddress(ionText(car.block())));
        assertThat(block.block().ionText()).contains("VIN:\"V1\"");
        assertThat(block.proof()).isNull();
    }

    @Test
    void badVerificationRequestsAreTheModelledExceptions() {
        Ledger ledger = ledgerWithCars();
        Written car = insert(ledger, "Cars", "{'VIN': 'V1'}");
        Written later = insert(ledger, "Cars", "{'VIN': 'V2'}");
        BlockAddress beyond = new BlockAddress(car.block().strandId(), later.block().sequenceNo() + 5);

        assertThatThrownBy(() -> qldb.getDigest(r -> r.name("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> qldb.getRevision(r -> r.name("nope").blockAddress(ionText(car.block()))
                .documentId(car.documentId()))).isInstanceOf(ResourceNotFoundException.class);
        assertInvalid("BlockAddress", () -> qldb.getRevision(r -> r.name("cars")
                .blockAddress(ValueHolder.builder().ionText("{strandId:1}").build()).documentId(car.documentId())));
        assertInvalid("BlockAddress", () -> qldb.getBlock(r -> r.name("cars")
                .blockAddress(ValueHolder.builder().ionText("not ion {").build())));
        assertInvalid("DocumentId", () -> qldb.getRevision(r -> r.name("cars").blockAddress(ionText(car.block()))
                .documentId(later.documentId())));
        assertInvalid("DocumentId", () -> qldb.getRevision(r -> r.name("cars").blockAddress(ionText(car.block()))
                .documentId("short")));
        assertInvalid("DigestTipAddress", () -> qldb.getRevision(r -> r.name("cars")
                .blockAddress(ionText(later.block())).documentId(later.documentId())
                .digestTipAddress(ionText(car.block()))));
        assertInvalid("DigestTipAddress", () -> qldb.getBlock(r -> r.name("cars")
                .blockAddress(ionText(later.block())).digestTipAddress(ionText(car.block()))));
        assertInvalid("BlockAddress", () -> qldb.getBlock(r -> r.name("cars").blockAddress(ionText(beyond))));
        assertInvalid("BlockAddress", () -> qldb.getBlock(r -> r.name("cars")
                .blockAddress(ionText(new BlockAddress("AAAAAAAAAAAAAAAAAAAAAA", 0)))));
        assertInvalid("DigestTipAddress", () -> qldb.getBlock(r -> r.name("cars").blockAddress(ionText(car.block()))
                .digestTipAddress(ionText(beyond))));
    }

    private static void assertInvalid(String parameterName, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidParameterException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.parameterName()).isEqualTo(parameterName);
        });
    }

    // ----- this test's own proof folding (COMPATIBILITY.md §2 dot, §7 fold) ------------------------------------------

    private static byte[] hash(IonValue blob) {
        return ((IonBlob) blob).getBytes();
    }

    private static List<byte[]> proof(String ionText) {
        List<byte[]> hashes = new ArrayList<>();
        for (IonValue entry : (IonList) QldbIonText.parse(ionText)) {
            hashes.add(hash(entry));
        }
        assertThat(ionText).isEqualTo(ionTextOf(hashes));
        return hashes;
    }

    /** QLDB's printing of a proof, {@code [{{…}},{{…}}]}. */
    private static String ionTextOf(List<byte[]> hashes) {
        StringBuilder text = new StringBuilder("[");
        for (byte[] hash : hashes) {
            text.append(text.length() > 1 ? "," : "").append("{{").append(Base64.getEncoder().encodeToString(hash))
                    .append("}}");
        }
        return text.append(']').toString();
    }

    private static byte[] fold(byte[] leaf, List<byte[]> proof) {
        byte[] candidate = leaf;
        for (byte[] entry : proof) {
            candidate = dot(candidate, entry);
        }
        return candidate;
    }

    /** SHA-256 of the two hashes, the smaller first, comparing signed bytes from the last byte to the first. */
    private static byte[] dot(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        int order = 0;
        for (int i = a.length - 1; i >= 0 && order == 0; i--) {
            order = Byte.compare(a[i], b[i]);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(order < 0 ? a : b);
            sha256.update(order < 0 ? b : a);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
