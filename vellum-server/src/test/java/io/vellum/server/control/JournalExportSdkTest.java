package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.ExportVerifier;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.ExportJournalToS3Request;
import software.amazon.awssdk.services.qldb.model.ExportStatus;
import software.amazon.awssdk.services.qldb.model.GetDigestResponse;
import software.amazon.awssdk.services.qldb.model.InvalidParameterException;
import software.amazon.awssdk.services.qldb.model.JournalS3ExportDescription;
import software.amazon.awssdk.services.qldb.model.OutputFormat;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.qldb.model.S3ObjectEncryptionType;

/**
 * Journal exports through the official AWS SDK {@code QldbClient} against a real server with SigV4 on:
 * ExportJournalToS3, polling DescribeJournalS3Export until COMPLETED, the exported directory verified block by block
 * and folded to the digest GetDigest returned, both List operations, modelled errors for bad requests, and
 * descriptions that survive a restart.
 */
class JournalExportSdkTest {
    private static final String BUCKET = "vellum-exports";
    private static final String ROLE = "arn:aws:iam::123456789012:role/my-s3-export-role";

    @TempDir
    Path directory;
    private VellumServer server;
    private QldbClient qldb;

    @BeforeEach
    void start() {
        startServer();
        qldb.createLedger(r -> r.name("bank").permissionsMode(PermissionsMode.ALLOW_ALL).deletionProtection(false));
        Ledger ledger = server.ledgers().ledger("bank");
        ledger.executeStatement("CREATE TABLE Accounts");
        ledger.executeStatement("CREATE INDEX ON Accounts (id)");
        for (int i = 0; i < 5; i++) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'id': 'A-" + i + "', 'balance': " + (i * 10) + ".50}");
        }
    }

    private void startServer() {
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

    /** The request of the AWS CLI's example, over every block up to now. */
    private static Consumer<ExportJournalToS3Request.Builder> export(String ledger, Instant end) {
        return r -> r.name(ledger).inclusiveStartTime(Instant.parse("2019-09-18T00:00:00Z")).exclusiveEndTime(end)
                .roleArn(ROLE).s3ExportConfiguration(c -> c.bucket(BUCKET).prefix("ledgerexport1/")
                        .encryptionConfiguration(e -> e.objectEncryptionType(S3ObjectEncryptionType.SSE_S3)));
    }

    private JournalS3ExportDescription awaitCompleted(String exportId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JournalS3ExportDescription description = qldb.describeJournalS3Export(r -> r.name("bank")
                    .exportId(exportId)).exportDescription();
            if (description.status() == ExportStatus.COMPLETED) {
                return description;
            }
            assertThat(description.status()).isEqualTo(ExportStatus.IN_PROGRESS);
            assertThat(System.nanoTime()).as("export completes within 30 s").isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    /** The end time of an export that must include every block committed so far (block times are in ms). */
    private static Instant afterLastCommit() throws InterruptedException {
        Thread.sleep(5);
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void exportCompletesVerifiesAgainstGetDigestAndIsListed() throws Exception {
        GetDigestResponse digestResponse = qldb.getDigest(r -> r.name("bank"));
        LedgerDigest digest = new LedgerDigest(Hash.of(digestResponse.digest().asByteArray()),
                BlockAddress.parseIonText(digestResponse.digestTipAddress().ionText()));
        Instant end = afterLastCommit();
        Instant requested = Instant.now();
        String exportId = qldb.exportJournalToS3(export("bank", end)
                .andThen(r -> r.outputFormat(OutputFormat.ION_BINARY))).exportId();
        assertThat(exportId).matches("[0-9A-Za-z]{22}");

        JournalS3ExportDescription description = awaitCompleted(exportId);
        assertThat(description.ledgerName()).isEqualTo("bank");
        assertThat(description.exportId()).isEqualTo(exportId);
        assertThat(description.exportCreationTime()).isBetween(requested.minusSeconds(1), Instant.now());
        assertThat(description.inclusiveStartTime()).as("QLDB moves a start before the ledger to its creation")
                .isEqualTo(qldb.describeLedger(r -> r.name("bank")).creationDateTime());
        assertThat(description.exclusiveEndTime()).isEqualTo(end);
        assertThat(description.s3ExportConfiguration().bucket()).isEqualTo(BUCKET);
        assertThat(description.s3ExportConfiguration().prefix()).isEqualTo("ledgerexport1/");
        assertThat(description.s3ExportConfiguration().encryptionConfiguration().objectEncryptionType())
                .isEqualTo(S3ObjectEncryptionType.SSE_S3);
        assertThat(description.roleArn()).isEqualTo(ROLE);
        assertThat(description.outputFormat()).isEqualTo(OutputFormat.ION_BINARY);

        Path bucket = directory.resolve("exports").resolve(BUCKET);
        assertThat(server.exports().bucketDirectory(BUCKET)).isEqualTo(bucket);
        assertThat(java.nio.file.Files.readString(bucket.resolve("ledgerexport1/" + exportId + ".started.manifest")))
                .startsWith("{ledgerName:\"bank\",exportId:\"" + exportId + "\",")
                .endsWith(",bucket:\"" + BUCKET + "\",prefix:\"ledgerexport1/\",objectEncryptionType:\"NO_ENCRYPTION\","
                        + "outputFormat:\"ION_BINARY\"}");
        String strandId = digest.tipAddress().strandId();
        ExportReader reader = ExportReader.open(bucket,
                bucket.resolve("ledgerexport1/" + exportId + "." + strandId + ".completed.manifest"));
        ExportVerifier.Verified verified = ExportVerifier.verify(reader, digest);
        assertThat(verified.firstSequenceNo()).isZero();
        assertThat(verified.lastSequenceNo()).isEqualTo(digest.tipAddress().sequenceNo());
        assertThat(verified.merkleRoot()).isEqualTo(digest.digest());

        assertThat(qldb.listJournalS3Exports(r -> { }).journalS3Exports()).containsExactly(description);
        assertThat(qldb.listJournalS3ExportsForLedger(r -> r.name("bank")).journalS3Exports())
                .containsExactly(description);
        qldb.createLedger(r -> r.name("shop").permissionsMode(PermissionsMode.ALLOW_ALL));
        assertThat(qldb.listJournalS3ExportsForLedger(r -> r.name("shop")).journalS3Exports()).isEmpty();
    }

    @Test
    void badRequestsAreModelledExceptions() {
        Instant now = Instant.now().minusSeconds(1);
        assertThatThrownBy(() -> qldb.exportJournalToS3(export("bank", now).andThen(r -> r.inclusiveStartTime(now)
                .exclusiveEndTime(now.minusSeconds(60)))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.parameterName()).isEqualTo("ExclusiveEndTime");
                });
        assertThatThrownBy(() -> qldb.exportJournalToS3(export("bank", Instant.now().plusSeconds(3600))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.getMessage()).contains("future"));
        assertThatThrownBy(() -> qldb.exportJournalToS3(export("missing", now)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.resourceType()).isEqualTo("LEDGER");
                    assertThat(e.resourceName()).isEqualTo("missing");
                });
        assertThatThrownBy(() -> qldb.exportJournalToS3(export("bank", now).andThen(r -> r.s3ExportConfiguration(c ->
                c.bucket("Not_A_Bucket").prefix("").encryptionConfiguration(e -> e.objectEncryptionType("SSE_S3"))))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameterName()).isEqualTo("S3ExportConfiguration.Bucket"));
        assertThatThrownBy(() -> qldb.exportJournalToS3(export("bank", now).andThen(r -> r.s3ExportConfiguration(c ->
                c.bucket(BUCKET).prefix("").encryptionConfiguration(e -> e.objectEncryptionType("SSE_KMS")
                        .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/x"))))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameterName())
                        .isEqualTo("S3ExportConfiguration.EncryptionConfiguration.ObjectEncryptionType"));
        assertThatThrownBy(() -> qldb.describeJournalS3Export(r -> r.name("bank").exportId("ADR2ONPKN5LINYGb4dp7yZ")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class,
                        e -> assertThat(e.resourceType()).isEqualTo("JOURNAL_S3_EXPORT"));
        assertThat(qldb.listJournalS3Exports(r -> { }).journalS3Exports()).isEmpty();
    }

    @Test
    void descriptionsSurviveARestart() throws Exception {
        String exportId = qldb.exportJournalToS3(export("bank", afterLastCommit())).exportId();
        JournalS3ExportDescription completed = awaitCompleted(exportId);
        assertThat(completed.outputFormat()).as("not requested, so not described").isNull();

        qldb.close();
        server.close();
        startServer();

        assertThat(qldb.describeJournalS3Export(r -> r.name("bank").exportId(exportId)).exportDescription())
                .isEqualTo(completed);
        assertThat(qldb.listJournalS3Exports(r -> { }).journalS3Exports()).containsExactly(completed);
    }
}
