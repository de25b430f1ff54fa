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
import io.vellum.proof.verify.RevisionProof;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.verify.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
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

    @Test
    void tableTagsAndATagChangeWithoutStatementsSurviveAnExportAndImport() {
        Path source = temp.resolve("tagged-source");
        String tableId;
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(source)) {
            tableId = ((IonString) ((IonStruct) ledger.executeStatement(
                    "CREATE TABLE Cars WITH (aws_tags = `{'team': 'cars'}`)").get(0)).get("tableId")).stringValue();
            ledger.executeStatement("INSERT INTO Cars VALUE {'VIN': 'V1'}");
            ledger.changeTableTags(tableId, tags -> java.util.Map.of("team", "fleet", "env", "prod"));
            digest = ledger.digest();
        }
        Path exportDirectory = temp.resolve("tagged-export");
        export(source, exportDirectory, ExportFormat.ION_TEXT);
        ExportReader reader = ExportReader.open(exportDirectory, null);
        ExportVerifier.verify(reader, digest);
        try (Ledger imported = JournalImporter.importExport(reader, digest, temp.resolve("tagged-imported"),
                LedgerOptions.defaults())) {
            assertThat(imported.digest()).isEqualTo(digest);
            assertThat(imported.table(tableId).orElseThrow().tags())
                    .isEqualTo(java.util.Map.of("team", "fleet", "env", "prod"));
            assertThat(imported.executeStatement("SELECT VALUE c.VIN FROM Cars AS c"))
                    .containsExactly(ION.newString("V1"));
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
                temp.resolve("never"), LedgerOptions.defaults())).isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("block 10 (");
        assertThat(Files.exists(temp.resolve("never"))).isFalse();

        Path removed = temp.resolve("removed");
        export(source, removed, ExportFormat.ION_TEXT);
        rewriteBlocks(removed, blocks -> blocks.remove(7));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(removed, null), null))
                .isInstanceOf(LedgerException.class).hasMessageStartingWith("block 8 (")
                .hasMessageContaining("follows block 6 where block 7 belongs: block 7 missing here");

        Path reordered = temp.resolve("reordered");
        export(source, reordered, ExportFormat.ION_TEXT);
        rewriteBlocks(reordered, blocks -> {
            IonValue moved = blocks.remove(5);
            blocks.add(6, moved);
        });
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(reordered, null), null))
                .isInstanceOf(LedgerException.class).hasMessageStartingWith("block 6 (")
                .hasMessageContaining("value 5) follows block 4 where block 5 belongs: block 5 missing here "
                        + "(removed, or out of order)");

        Path wrongDigest = temp.resolve("digest");
        export(source, wrongDigest, ExportFormat.ION_BINARY);
        LedgerDigest forged = new LedgerDigest(io.vellum.proof.hash.Hash.sha256(new byte[1]), original.digest().tipAddress());
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(wrongDigest, null), forged))
                .isInstanceOf(LedgerException.class).hasMessageContaining("do not fold to the digest");
    }

    /** The export's single data object. */
    private static Path dataObject(Path exportDirectory) {
        ExportReader reader = ExportReader.open(exportDirectory, null);
        assertThat(reader.keys()).hasSize(1);
        return exportDirectory.resolve(reader.keys().get(0));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void oneByteChangedInOneRevisionOfABinaryExportIsRejectedNamingItsBlock() throws IOException {
        Path source = temp.resolve("source");
        long target = populate(source).digest().tipAddress().sequenceNo() + 1;
        // A value long enough that no hash in the object can contain it by chance.
        String marker = "tamper-target-6c0a35e2f1b94d07";
        try (Ledger ledger = Ledger.open(source)) {
            ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': ?}", ION.newString(marker)));
            ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': 'after'}"));
        }
        Path export = temp.resolve("binary");
        export(source, export, ExportFormat.ION_BINARY);
        Path object = dataObject(export);
        byte[] bytes = Files.readAllBytes(object);
        int at = indexOf(bytes, marker.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        bytes[at] ^= 0x01;
        Files.write(object, bytes);

        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), null))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.vellum.error.ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).startsWith("block " + target + " (").contains("value " + target + ")")
                            .contains("expected").contains("but computed");
                    assertThat(e.getCause()).isInstanceOf(io.vellum.proof.hash.VerificationException.class);
                });
        Path ledgerDirectory = temp.resolve("never");
        assertThatThrownBy(() -> JournalImporter.importExport(ExportReader.open(export, null), null, ledgerDirectory,
                LedgerOptions.defaults())).hasMessageStartingWith("block " + target + " (");
        assertThat(ledgerDirectory).doesNotExist();
    }

    @Test
    void blocksCutFromEitherEndOfAnExportAreCaughtByTheObjectNameWithoutADigest() throws IOException {
        Path source = temp.resolve("source");
        Source original = populate(source);
        long tip = original.digest().tipAddress().sequenceNo();

        Path firstCut = temp.resolve("first-cut");
        export(source, firstCut, ExportFormat.ION_TEXT);
        rewriteBlocks(firstCut, blocks -> blocks.remove(0));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(firstCut, null), null))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("block 1 (")
                .hasMessageContaining("value 0) is the first block of its data object")
                .hasMessageEndingWith("block 0 missing before it");

        Path lastCut = temp.resolve("last-cut");
        export(source, lastCut, ExportFormat.ION_TEXT);
        rewriteBlocks(lastCut, blocks -> blocks.remove(blocks.size() - 1));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(lastCut, null), null))
                .isInstanceOf(LedgerException.class)
                .hasMessageStartingWith("block " + (tip - 1) + " (")
                .hasMessageContaining("is the last block of its data object")
                .hasMessageEndingWith("block " + tip + " missing after it");

        Path emptied = temp.resolve("emptied");
        export(source, emptied, ExportFormat.ION_TEXT);
        Files.writeString(dataObject(emptied), "");
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(emptied, null), null))
                .isInstanceOf(LedgerException.class).hasMessageContaining("holds no blocks, but its name declares "
                        + "blocks 0-" + tip);
    }

    @Test
    void damagedIonNamesTheLastBlockThatCouldBeRead() throws IOException {
        Path source = temp.resolve("source");
        populate(source);
        Path export = temp.resolve("text");
        export(source, export, ExportFormat.ION_TEXT);
        Path object = dataObject(export);
        String text = Files.readString(object);
        // Cut the text in the middle of block 5's value: the Ion ends inside a struct.
        int blockFive = text.indexOf("sequenceNo:5}");
        Files.writeString(object, text.substring(0, blockFive));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), null))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining(dataObject(export).getFileName().toString())
                .hasMessageContaining("after block 4, the last one that could be read");

        // A bad block just before the damage is still the first bad block.
        String tamperedBlockFour = text.substring(0, blockFive);
        int balance = tamperedBlockFour.lastIndexOf("balance:10.50");
        assertThat(balance).as("block 4 inserts a document").isGreaterThan(tamperedBlockFour.indexOf("sequenceNo:4}"));
        Files.writeString(object, tamperedBlockFour.substring(0, balance) + "balance:10.51"
                + tamperedBlockFour.substring(balance + "balance:10.50".length()));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), null))
                .isInstanceOf(LedgerException.class).hasMessageStartingWith("block 4 (");
    }

    @Test
    void digestsThatTheExportCannotCoverAreReportedClearly() {
        Path source = temp.resolve("source");
        Source original = populate(source);
        long tip = original.digest().tipAddress().sequenceNo();
        Path export = temp.resolve("export");
        export(source, export, ExportFormat.ION_BINARY);
        LedgerDigest beyond = new LedgerDigest(original.digest().digest(),
                new BlockAddress(original.digest().tipAddress().strandId(), tip + 5));
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), beyond))
                .hasMessage("the digest's tip " + (tip + 5) + " is beyond the export's last block " + tip
                        + " (it holds blocks 0.." + tip + "): a digest at tip " + (tip + 5) + " needs blocks 0.."
                        + (tip + 5));
        // A digest saved earlier (at a lower tip) still holds against a longer export.
        long earlierTip = tip - 3;
        LedgerDigest earlier;
        try (Ledger ledger = Ledger.open(source)) {
            java.util.List<io.vellum.proof.hash.Hash> leaves = new java.util.ArrayList<>();
            for (long sequenceNo = 0; sequenceNo <= earlierTip; sequenceNo++) {
                leaves.add(ledger.readBlock(new BlockAddress(ledger.strandId(), sequenceNo)).blockHash());
            }
            earlier = new LedgerDigest(io.vellum.proof.merkle.MerkleTree.root(leaves),
                    new BlockAddress(ledger.strandId(), earlierTip));
        }
        assertThat(ExportVerifier.verify(ExportReader.open(export, null), earlier).blocks()).isEqualTo(tip + 1);
    }

    @Test
    void badExportLocationsAreNamed() throws IOException {
        Path missing = temp.resolve("missing");
        assertThatThrownBy(() -> ExportReader.open(missing, null))
                .hasMessage("export directory " + missing + " does not exist");
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertThatThrownBy(() -> ExportReader.open(file, null)).hasMessageStartingWith(file + " is not a directory");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> ExportReader.open(empty, null)).hasMessageContaining("no *.completed.manifest in");
        assertThatThrownBy(() -> ExportReader.open(empty, empty.resolve("x.completed.manifest")))
                .hasMessage("completed manifest " + empty.resolve("x.completed.manifest") + " does not exist");

        Path source = temp.resolve("source");
        populate(source);
        Path export = temp.resolve("export");
        export(source, export, ExportFormat.ION_TEXT);
        Path object = dataObject(export);
        Files.delete(object);
        assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), null))
                .hasMessageContaining("is missing: looked for " + object);
    }

    @Test
    void aCopyOfJustThePrefixIsReadToo() throws IOException {
        Path source = temp.resolve("source");
        Source original = populate(source);
        Path bucket = temp.resolve("bucket");
        export(source, bucket, ExportFormat.ION_BINARY);
        // What `aws s3 sync s3://bucket/journal/ copy` makes: the keys (which start with the prefix) no longer
        // resolve below the copy, but below the manifest's directory once the prefix is left out.
        Path copy = temp.resolve("copy");
        try (Stream<Path> files = Files.walk(bucket.resolve("journal"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(bucket.resolve("journal").relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        ExportReader reader = ExportReader.open(copy, null);
        assertThat(reader.keys()).allMatch(key -> key.startsWith("journal/"));
        assertThat(ExportVerifier.verify(reader, original.digest()).merkleRoot()).isEqualTo(original.digest().digest());
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
