package io.vellum.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.RevisionProof;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export → verify → import keeps every hash, digest and proof; tampering is caught and named. */
class ExportImportTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final Instant ALWAYS_START = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALWAYS_END = Instant.parse("2200-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private record Source(LedgerDigest digest, RevisionProof proof, List<IonValue> history) {
    }

    private Source populate(Path directory) {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Accounts"));
            ledger.execute(tx -> tx.execute("CREATE INDEX ON Accounts (accountId)"));
            for (int i = 0; i < 30; i++) {
                int n = i;
                ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': ?, 'balance': 10.50}",
                        ION.newString("a" + n)));
            }
            ledger.execute(tx -> tx.execute("UPDATE Accounts AS a SET a.balance = 1.25 WHERE a.accountId = 'a3'"));
            ledger.execute(tx -> tx.execute("DELETE FROM Accounts AS a WHERE a.accountId = 'a4'"));
            LedgerDigest digest = ledger.digest();
            IonStruct committed = ledger.execute(tx -> (IonStruct) tx.execute(
                    "SELECT * FROM _ql_committed_Accounts AS a WHERE a.data.accountId = 'a3'").get(0));
            String id = ((IonString) ((IonStruct) committed.get("metadata")).get("id")).stringValue();
            RevisionProof proof = ledger.revision(BlockAddress.parseIonText(committed.get("blockAddress").toString()),
                    id, digest.tipAddress());
            List<IonValue> history = ledger.execute(tx -> tx.execute("SELECT * FROM history(Accounts) AS h"));
            return new Source(digest, proof, history);
        }
    }

    private ExportResult export(Path ledgerDirectory, Path exportDirectory, ExportFormat format) {
        try (Ledger ledger = Ledger.open(ledgerDirectory)) {
            return JournalExporter.export(ledger, exportDirectory, new ExportRequest("source", "Export0000000000000001",
                    ALWAYS_START, ALWAYS_END, "journal/", "local", format));
        }
    }

    @Test
    void roundTripKeepsDigestsProofsAndHistory() {
        for (ExportFormat format : List.of(ExportFormat.ION_BINARY, ExportFormat.ION_TEXT)) {
            Path source = temp.resolve("source-" + format);
            Source original = populate(source);
            Path exportDirectory = temp.resolve("export-" + format);
            ExportResult result = export(source, exportDirectory, format);
            assertThat(result.firstSequenceNo()).isZero();
            assertThat(result.lastSequenceNo()).isEqualTo(original.digest().tipAddress().sequenceNo());
            assertThat(Files.exists(exportDirectory.resolve("journal/Export0000000000000001.started.manifest"))).isTrue();

            ExportReader reader = ExportReader.open(exportDirectory, null);
            ExportVerifier.Verified verified = ExportVerifier.verify(reader, original.digest());
            assertThat(verified.merkleRoot()).isEqualTo(original.digest().digest());

            try (Ledger imported = JournalImporter.importExport(reader, original.digest(),
                    temp.resolve("imported-" + format), LedgerOptions.defaults())) {
                assertThat(imported.digest()).isEqualTo(original.digest());
                Verifier.verifyRevision(original.proof().revision(), original.proof().proof(), original.digest());
                RevisionProof again = imported.revision(original.proof().revision().blockAddress(),
                        original.proof().revision().metadata().id(), original.digest().tipAddress());
                assertThat(again.proof()).isEqualTo(original.proof().proof());
                assertThat(imported.executeStatement("SELECT * FROM history(Accounts) AS h"))
                        .isEqualTo(original.history());
                assertThat(imported.executeStatement(
                        "SELECT VALUE a.balance FROM Accounts AS a WHERE a.accountId = 'a3'"))
                        .containsExactly(ION.singleValue("1.25"));
                imported.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': 'new'}"));
                JournalBlock newest = imported.readBlock(imported.digest().tipAddress());
                assertThat(newest.previousBlockHash()).isEqualTo(
                        imported.readBlock(original.digest().tipAddress()).blockHash());
                LedgerDigest later = imported.digest();
                Verifier.verifyConsistency(original.digest(), later,
                        imported.consistencyProof(original.digest().tipAddress(), later.tipAddress()));
                imported.verifyJournal();
            }
        }
    }

    /** Rewrites the export's single data object with its blocks changed by {@code edit}. */
    private static void rewriteBlocks(Path exportDirectory, java.util.function.Consumer<IonDatagram> edit)
            throws IOException {
        ExportReader reader = ExportReader.open(exportDirectory, null);
        Path file = exportDirectory.resolve(reader.keys().get(0));
        IonDatagram blocks = ION.getLoader().load(Files.readString(file));
        edit.accept(blocks);
        StringBuilder text = new StringBuilder();
        for (IonValue block : blocks) {
            text.append(block.toString()).append('\n');
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void tamperedExportsAreRejectedNamingTheBlock() throws IOException {
        Path source = temp.resolve("source");
        Source original = populate(source);

        Path changedRevision = temp.resolve("changed");
        export(source, changedRevision, ExportFormat.ION_TEXT);
        rewriteBlocks(changedRevision, blocks -> {
            IonStruct block = (IonStruct) blocks.get(10);
            IonStruct data = (IonStruct) ((IonStruct) ((com.amazon.ion.IonList) block.get("revisions")).get(0)).get("data");
            data.put("balance", ION.newDecimal(new java.math.BigDecimal("999.00")));
        });
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(changedRevision, null), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("block 10 ");
        assertThatThrownBy(() -> JournalImporter.importExport(ExportReader.open(changedRevision, null), null,
                temp.resolve("never"), LedgerOptions.defaults())).isInstanceOf(LedgerException.class);
        assertThat(Files.exists(temp.resolve("never"))).isFalse();

        Path removed = temp.resolve("removed");
        export(source, removed, ExportFormat.ION_TEXT);
        rewriteBlocks(removed, blocks -> blocks.remove(7));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(removed, null), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("block 8 ").hasMessageContaining("missing");

        Path reordered = temp.resolve("reordered");
        export(source, reordered, ExportFormat.ION_TEXT);
        rewriteBlocks(reordered, blocks -> {
            IonValue moved = blocks.remove(5);
            blocks.add(6, moved);
        });
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(reordered, null), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("block 6 ");

        Path wrongDigest = temp.resolve("digest");
        export(source, wrongDigest, ExportFormat.ION_BINARY);
        LedgerDigest forged = new LedgerDigest(io.vellum.proof.Hash.sha256(new byte[1]), original.digest().tipAddress());
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(wrongDigest, null), forged))
                .isInstanceOf(LedgerException.class).hasMessageContaining("do not fold to the digest");
    }

    @Test
    void jsonExportsAreReadableButNotImportable() {
        Path source = temp.resolve("source");
        populate(source);
        Path json = temp.resolve("json");
        ExportResult result = export(source, json, ExportFormat.JSON);
        assertThat(result.keys()).allMatch(k -> k.endsWith(".json"));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(json, null), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("JSON");
    }
}
