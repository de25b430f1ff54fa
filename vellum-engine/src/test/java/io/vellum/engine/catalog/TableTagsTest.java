package io.vellum.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.query.TableHandle;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE TABLE … WITH (aws_tags = `{…}`)} keeps its tags (before, they were parsed and dropped), later DDL keeps
 * them, and tag changes are catalog revisions: journaled, verifiable, kept across a reopen.
 */
class TableTagsTest {
    @TempDir
    Path directory;

    @Test
    void createTableKeepsItsTagsThroughDdlAndAReopen() {
        String tableId;
        try (Ledger ledger = Ledger.open(directory)) {
            tableId = tableId(ledger.executeStatement(
                "CREATE TABLE Vehicle WITH (aws_tags = `{'environment': 'production', 'team': 'cars'}`)"));
            ledger.executeStatement("CREATE INDEX ON Vehicle (VIN)");
            assertThat(ledger.table(tableId).orElseThrow().tags())
                .isEqualTo(Map.of("environment", "production", "team", "cars"));
            ledger.executeStatement("DROP TABLE Vehicle");
            assertThat(ledger.table(tableId).orElseThrow().tags()).containsEntry("team", "cars");
            ledger.executeStatement("UNDROP TABLE \"" + tableId + "\"");
        }
        try (Ledger ledger = Ledger.open(directory)) {
            TableHandle table = ledger.table(tableId).orElseThrow();
            assertThat(table.tags()).isEqualTo(Map.of("environment", "production", "team", "cars"));
            assertThat(table.indexes()).hasSize(1);
            assertThat(table.active()).isTrue();
            // QLDB's catalog view does not show tags.
            IonStruct row = (IonStruct) ledger.executeStatement(
                "SELECT * FROM information_schema.user_tables WHERE name = 'Vehicle'").get(0);
            assertThat(row.containsKey("tags")).isFalse();
        }
    }

    @Test
    void aTableWithoutTagsHasNoTagsAndItsCatalogDocumentIsUnchanged() {
        try (Ledger ledger = Ledger.open(directory)) {
            String tableId = tableId(ledger.executeStatement("CREATE TABLE Person"));
            assertThat(ledger.table(tableId).orElseThrow().tags()).isEmpty();
            JournalBlock block = ledger.readBlock(new BlockAddress(ledger.strandId(), 1));
            assertThat(block.revisions().get(0).toString()).doesNotContain("tags");
        }
    }

    @Test
    void changingTagsWritesAVerifiableCatalogRevisionWithoutStatements() {
        try (Ledger ledger = Ledger.open(directory)) {
            String tableId = tableId(ledger.executeStatement("CREATE TABLE T WITH (aws_tags = `{'a': '1'}`)"));
            LedgerDigest before = ledger.digest();
            TableHandle changed = ledger.changeTableTags(tableId, tags -> {
                Map<String, String> next = new TreeMap<>(tags);
                next.put("b", "2");
                next.remove("a");
                return next;
            });
            assertThat(changed.tags()).isEqualTo(Map.of("b", "2"));
            LedgerDigest after = ledger.digest();
            assertThat(after.tipAddress().sequenceNo()).isEqualTo(before.tipAddress().sequenceNo() + 1);
            JournalBlock block = ledger.readBlock(after.tipAddress());
            assertThat(block.transactionInfo().statements()).isEmpty();
            assertThat(block.transactionInfo().documents().get(tableId).statements()).isEmpty();
            assertThat(block.transactionInfo().documents().get(tableId).tableName()).isEqualTo(Catalog.TABLE_NAME);
            assertThat(ledger.verifyJournal()).isEqualTo(after);

            // The same tags again: nothing is written.
            ledger.changeTableTags(tableId, tags -> tags);
            assertThat(ledger.digest()).isEqualTo(after);
            assertThat(ledger.table(tableId).orElseThrow().tags()).isEqualTo(Map.of("b", "2"));
        }
    }

    @Test
    void tagsBreakingQldbsRulesAreRefusedAndNothingIsCreated() {
        try (Ledger ledger = Ledger.open(directory)) {
            LedgerDigest before = ledger.digest();
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'aws:owner': 'x'}`)", "reserved");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'k': 5}`)", "must be a string");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `[1]`)", "Ion struct");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'k': 'a', 'k': 'b'}`)", "twice");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'a': 'x'}`, aws_tags = `{'b': 'y'}`)", "once, not 2");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'" + "k".repeat(129) + "': 'v'}`)", "1 to 128");
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `{'k': '" + "v".repeat(257) + "'}`)", "256");
            StringBuilder many = new StringBuilder("{");
            for (int i = 0; i < 51; i++) {
                many.append(i == 0 ? "" : ", ").append("'k").append(i).append("': 'v'");
            }
            refused(ledger, "CREATE TABLE T WITH (aws_tags = `" + many + "}`)", "at most 50 tags");
            assertThat(ledger.digest()).isEqualTo(before);
            assertThatThrownBy(() -> ledger.changeTableTags("0123456789012345678901", tags -> tags))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    private static void refused(Ledger ledger, String statement, String message) {
        assertThatThrownBy(() -> ledger.executeStatement(statement)).as(statement)
            .isInstanceOfSatisfying(LedgerException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(e.getMessage()).contains(message);
            });
    }

    private static String tableId(List<IonValue> result) {
        return ((IonString) ((IonStruct) result.get(0)).get("tableId")).stringValue();
    }

    @Test
    void tagsAreRefusedWhileTheLedgersTableTaggingSaysNo() {
        boolean[] allowed = {false};
        LedgerOptions options = LedgerOptions.defaults().withTableTagging(
            () -> allowed[0] ? Optional.empty() : Optional.of("no tags in this test"));
        try (Ledger ledger = Ledger.open(directory, options)) {
            assertThatThrownBy(() -> ledger.executeStatement("CREATE TABLE Tagged WITH (aws_tags = `{'k': 'v'}`)"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("no tags in this test");
                });
            String tableId = tableId(ledger.executeStatement("CREATE TABLE Plain"));
            assertThatThrownBy(() -> ledger.changeTableTags(tableId, tags -> Map.of("k", "v")))
                .isInstanceOf(LedgerException.class).hasMessage("no tags in this test");
            assertThatThrownBy(() -> ledger.changeTableTags(tableId, tags -> tags))
                .as("even a change that changes nothing").hasMessage("no tags in this test");
            assertThat(ledger.executeStatement("SELECT * FROM information_schema.user_tables")).hasSize(1);

            allowed[0] = true;
            ledger.changeTableTags(tableId, tags -> Map.of("k", "v"));
            assertThat(ledger.table(tableId).orElseThrow().tags()).isEqualTo(Map.of("k", "v"));
            ledger.executeStatement("CREATE TABLE Tagged WITH (aws_tags = `{'k': 'v'}`)");
        }
    }
}
