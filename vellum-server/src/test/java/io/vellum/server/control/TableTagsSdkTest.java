package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import io.vellum.server.ServerConfig;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldb.QldbClient;
import software.amazon.awssdk.services.qldb.model.InvalidParameterException;
import software.amazon.awssdk.services.qldb.model.PermissionsMode;
import software.amazon.awssdk.services.qldb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.qldbsession.model.BadRequestException;
import software.amazon.qldb.QldbDriver;

/**
 * Table tags as QLDB has them: {@code CREATE TABLE … WITH (aws_tags = …)} through the official driver keeps the tags,
 * and TagResource / UntagResource / ListTagsForResource of the AWS SDK work on the table's ARN
 * ({@code arn:aws:qldb:<region>:<account>:ledger/<name>/table/<tableId>}), across a server restart; only on a
 * ledger in the STANDARD permissions mode, as in QLDB.
 */
class TableTagsSdkTest {
    @TempDir
    Path directory;

    private static QldbClient client(VellumServer server) {
        return QldbClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
            .build();
    }

    @Test
    void tagsOfCreateTableAreListedChangedAndKeptOnTheTablesArn() throws Exception {
        String tableArn;
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(directory));
             QldbClient qldb = client(server)) {
            String ledgerArn = qldb.createLedger(r -> r.name("vehicles").permissionsMode(PermissionsMode.STANDARD)
                .deletionProtection(false)).arn();
            String tableId;
            try (QldbDriver driver = TestServers.driver(server, "vehicles")) {
                tableId = driver.execute(txn -> {
                    IonStruct result = (IonStruct) txn.execute(
                        "CREATE TABLE Vehicle WITH (aws_tags = `{'environment': 'production'}`)").iterator().next();
                    return ((IonString) result.get("tableId")).stringValue();
                });
                driver.execute(txn -> {
                    txn.execute("INSERT INTO Vehicle VALUE {'VIN': 'V1'}");
                });
            }
            tableArn = ledgerArn + "/table/" + tableId;
            String arn = tableArn;
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .isEqualTo(Map.of("environment", "production"));

            qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("team", "cars", "environment", "staging")));
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .isEqualTo(Map.of("environment", "staging", "team", "cars"));
            qldb.untagResource(r -> r.resourceArn(arn).tagKeys("environment", "absent"));
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("team", "cars"));
            // The ledger's own tags are another resource's.
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(ledgerArn)).tags()).isEmpty();

            assertThatThrownBy(() -> qldb.listTagsForResource(r -> r.resourceArn(ledgerArn
                + "/table/0123456789012345678901"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> qldb.tagResource(r -> r.resourceArn(ledgerArn + "/table/0123456789012345678901")
                .tags(Map.of("k", "v")))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> qldb.listTagsForResource(r -> r.resourceArn(
                arn.replace("000000000000", "123456789012")))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> qldb.listTagsForResource(r -> r.resourceArn(ledgerArn + "/stream/" + tableId)))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                    e -> assertThat(e.parameterName()).isEqualTo("ResourceArn"));
            assertThatThrownBy(() -> qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("aws:owner", "x"))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                    e -> assertThat(e.parameterName()).isEqualTo("Tags"));
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("team", "cars"));
        }
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(directory));
             QldbClient qldb = client(server)) {
            String arn = tableArn;
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("team", "cars"));
        }
    }

    @Test
    void tablesOfAnAllowAllLedgerTakeNoTagsUntilItsModeIsStandard() throws Exception {
        try (VellumServer server = VellumServer.start(ServerConfig.defaults(directory));
             QldbClient qldb = client(server)) {
            String ledgerArn = qldb.createLedger(r -> r.name("open").permissionsMode(PermissionsMode.ALLOW_ALL)
                .deletionProtection(false)).arn();
            refusedUntilStandard(qldb, ledgerArn, server);
        }
    }

    private static void refusedUntilStandard(QldbClient qldb, String ledgerArn, VellumServer server)
            throws Exception {
        try (QldbDriver driver = TestServers.driver(server, "open")) {
            assertThatThrownBy(() -> driver.execute(txn -> {
                txn.execute("CREATE TABLE Tagged WITH (aws_tags = `{'environment': 'production'}`)");
            })).isInstanceOf(BadRequestException.class).hasMessageContaining("table tags need a ledger in the STANDARD"
                + " permissions mode; ledger open is in the ALLOW_ALL mode");
            String tableId = driver.execute(txn -> {
                IonStruct result = (IonStruct) txn.execute("CREATE TABLE Plain").iterator().next();
                return ((IonString) result.get("tableId")).stringValue();
            });
            String arn = ledgerArn + "/table/" + tableId;
            assertThatThrownBy(() -> qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("team", "cars"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.getMessage())
                    .contains("STANDARD permissions mode; ledger open is in the ALLOW_ALL mode"));
            assertThatThrownBy(() -> qldb.untagResource(r -> r.resourceArn(arn).tagKeys("team")))
                .isInstanceOf(InvalidParameterException.class);
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEmpty();
            boolean taggedExists = driver.execute(txn -> {
                return txn.execute("SELECT * FROM information_schema.user_tables WHERE name = 'Tagged'")
                    .iterator().hasNext();
            });
            assertThat(taggedExists).as("the refused CREATE TABLE made no table").isFalse();

            qldb.updateLedgerPermissionsMode(r -> r.name("open").permissionsMode(PermissionsMode.STANDARD));
            qldb.tagResource(r -> r.resourceArn(arn).tags(Map.of("team", "cars")));
            assertThat(qldb.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("team", "cars"));
            driver.execute(txn -> {
                txn.execute("CREATE TABLE Tagged WITH (aws_tags = `{'environment': 'production'}`)");
            });
        }
    }
}
