package io.vellum.server.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.LedgerDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerRegistryTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    @TempDir
    Path directory;

    private LedgerRegistry open() {
        return new LedgerRegistry(directory, LedgerOptions.defaults(), "eu-central-1");
    }

    @Test
    void createsDescribesListsAndSurvivesARestart() {
        LedgerDigest digest;
        try (LedgerRegistry registry = open()) {
            LedgerInfo created = registry.create("b-ledger", true, "STANDARD", Map.of("team", "ops"));
            registry.create("a-ledger", false, null, null);
            assertThat(created.arn()).isEqualTo("arn:aws:qldb:eu-central-1:000000000000:ledger/b-ledger");
            assertThat(created.state()).isEqualTo("ACTIVE");
            assertThat(created.permissionsMode()).isEqualTo("STANDARD");
            assertThat(created.deletionProtection()).isTrue();
            assertThat(created.tags()).containsExactly(Map.entry("team", "ops"));
            assertThat(registry.describe("a-ledger").permissionsMode()).isEqualTo("ALLOW_ALL");
            assertThat(registry.list()).extracting(LedgerInfo::name).containsExactly("a-ledger", "b-ledger");
            registry.ledger("b-ledger").execute(txn -> txn.execute("CREATE TABLE T"));
            registry.ledger("b-ledger").execute(txn -> txn.execute("INSERT INTO T VALUE {'k': 1}"));
            digest = registry.ledger("b-ledger").digest();
            assertThat(Files.isRegularFile(directory.resolve("b-ledger").resolve("ledger.json"))).isTrue();
        }
        try (LedgerRegistry reopened = open()) {
            LedgerInfo info = reopened.describe("b-ledger");
            assertThat(info.tags()).containsExactly(Map.entry("team", "ops"));
            assertThat(info.deletionProtection()).isTrue();
            assertThat(reopened.ledger("b-ledger").digest()).isEqualTo(digest);
            List<IonValue> values = reopened.ledger("b-ledger").execute(txn -> txn.execute("SELECT VALUE t.k FROM T AS t"));
            assertThat(values).containsExactly(ION.newInt(1));
        }
    }

    @Test
    void refusesDuplicatesBadNamesAndUnknownLedgers() {
        try (LedgerRegistry registry = open()) {
            registry.create("once", false, null, Map.of());
            assertThatThrownBy(() -> registry.create("once", false, null, Map.of()))
                    .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                    .hasMessage("Ledger once already exists");
            for (String bad : List.of("", "a".repeat(33), "12345", "-lead", "trail-", "dou--ble", "under_score", "dot.ted")) {
                assertThatThrownBy(() -> registry.create(bad, false, null, Map.of())).as(bad)
                        .isInstanceOfSatisfying(LedgerException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                        .hasMessageStartingWith("Invalid ledger name: a ledger name");
            }
            assertThat(registry.create("a".repeat(32), false, null, Map.of()).name()).hasSize(32);
            assertThat(registry.create("Mixed-Case-9", false, null, Map.of()).name()).isEqualTo("Mixed-Case-9");
            assertThatThrownBy(() -> registry.create("mode", false, "READ_ONLY", Map.of()))
                    .hasMessageContaining("PermissionsMode must be ALLOW_ALL or STANDARD");
            for (Runnable call : List.<Runnable>of(() -> registry.ledger("nope"), () -> registry.describe("nope"),
                    () -> registry.update("nope", true), () -> registry.delete("nope"),
                    () -> registry.tag("nope", Map.of("a", "b")), () -> registry.untag("nope", List.of("a")))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND)).hasMessage("Ledger nope does not exist");
            }
        }
    }

    @Test
    void deletionProtectionGuardsDelete() {
        try (LedgerRegistry registry = open()) {
            registry.create("guarded", true, null, Map.of());
            assertThatThrownBy(() -> registry.delete("guarded")).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("deletion protection");
            assertThat(registry.update("guarded", null).deletionProtection()).isTrue();
            assertThat(registry.update("guarded", false).deletionProtection()).isFalse();
            registry.delete("guarded");
            assertThat(registry.list()).isEmpty();
            assertThat(directory.resolve("guarded")).doesNotExist();
            // The name is free again, and the new ledger starts empty.
            registry.create("guarded", false, null, Map.of());
            assertThat(registry.ledger("guarded").statistics().tipSequenceNo()).isZero();
        }
        try (LedgerRegistry reopened = open()) {
            assertThat(reopened.describe("guarded").deletionProtection()).isFalse();
        }
    }

    @Test
    void tagsAndUntags() {
        try (LedgerRegistry registry = open()) {
            registry.create("tagged", false, null, Map.of("a", "1"));
            assertThat(registry.tag("tagged", Map.of("b", "2", "a", "3")).tags())
                    .containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
            assertThat(registry.untag("tagged", List.of("a", "missing")).tags()).containsExactly(Map.entry("b", "2"));
            assertThatThrownBy(() -> registry.tag("tagged", Map.of("aws:reserved", "x")))
                    .hasMessageContaining("reserved");
            Map<String, String> many = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                many.put("k" + i, "v");
            }
            assertThatThrownBy(() -> registry.tag("tagged", many)).hasMessageContaining("at most 50 tags");
            assertThat(registry.describe("tagged").tags()).containsExactly(Map.entry("b", "2"));
        }
    }

    @Test
    void removesLeftoversOfInterruptedCreationsAndDeletions() throws Exception {
        Files.createDirectories(directory.resolve("half-created"));
        Files.createDirectories(directory.resolve(".deleted-old-123").resolve("journal"));
        Files.writeString(directory.resolve(".deleted-old-123").resolve("journal").resolve("x.seg"), "x");
        try (LedgerRegistry registry = open()) {
            assertThat(registry.list()).isEmpty();
        }
        assertThat(directory.resolve("half-created")).doesNotExist();
        assertThat(directory.resolve(".deleted-old-123")).doesNotExist();
    }

    @Test
    void servesALedgerMadeWithoutAServerAndKeepsItsMetadataFromThenOn() throws Exception {
        // What `vellum shell` leaves in <data>/ledgers/default: the engine's files, no ledger.json.
        java.time.Instant firstBlock;
        try (io.vellum.engine.Ledger embedded = io.vellum.engine.Ledger.open(directory.resolve("default"))) {
            embedded.executeStatement("CREATE TABLE T");
            embedded.executeStatement("INSERT INTO T VALUE {'a': 1}");
            firstBlock = embedded.readBlock(new io.vellum.proof.block.BlockAddress(embedded.strandId(), 0))
                    .blockTimestamp().dateValue().toInstant();
        }
        try (LedgerRegistry registry = open()) {
            LedgerInfo info = registry.describe("default");
            assertThat(info.state()).isEqualTo(LedgerInfo.ACTIVE);
            assertThat(info.permissionsMode()).isEqualTo(LedgerRegistry.ALLOW_ALL);
            assertThat(info.deletionProtection()).isTrue();
            assertThat(info.creationDateTime()).isEqualTo(firstBlock);
            assertThat(registry.ledger("default").executeStatement("SELECT VALUE a FROM T").get(0).toString())
                    .isEqualTo("1");
        }
        assertThat(directory.resolve("default").resolve(LedgerMetadataFile.FILE_NAME)).isRegularFile();
        try (LedgerRegistry again = open()) {
            assertThat(again.describe("default").creationDateTime()).isEqualTo(firstBlock);
        }
    }
}
