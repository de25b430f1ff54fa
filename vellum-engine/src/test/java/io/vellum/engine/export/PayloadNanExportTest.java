package io.vellum.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonFloat;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.Hash;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document holding a NaN with a payload (it can arrive only as an Ion binary or in-memory parameter). A new revision
 * stores the canonical NaN, so it verifies from every representation (Ion binary, GetRevision's Ion text, an Ion
 * text export). A journal written before that change keeps the payload's bits and their hash (as ion-hash-java
 * computes it): it still verifies from Ion binary, and an Ion text export of it is still refused (docs/DECISIONS.md,
 * "Payload NaNs").
 */
class PayloadNanExportTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final long PAYLOAD_NAN = 0x7ff4fcccc12f24e5L;
    private static final long CANONICAL_NAN = 0x7ff8000000000000L;
    /**
     * An Ion binary export of a journal written before payload NaNs were made canonical (the insert of this test, in
     * block 2, with the payload's bits), and the digest the ledger gave then.
     */
    private static final String OLD_EXPORT = "/payload-nan-export";
    private static final LedgerDigest OLD_DIGEST = new LedgerDigest(
            Hash.fromBase64("uezbXKR0FHJNjEv+pLCAHxTg7Zt2aoGEKJdLycEIpj4="),
            new BlockAddress("5XvXzL5KeF26dBnHuiFhFN", 2));

    @TempDir
    Path temp;

    @Test
    void aNewRevisionStoresTheCanonicalNanAndVerifiesFromEveryRepresentation() {
        Path source = temp.resolve("source");
        LedgerDigest digest;
        String documentId;
        IonFloat parameter = ION.newFloat(Double.longBitsToDouble(PAYLOAD_NAN));
        try (Ledger ledger = Ledger.open(source)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Readings"));
            List<IonValue> inserted = ledger.execute(tx -> tx.execute(
                    "INSERT INTO Readings VALUE {'sensor': 's1', 'reading': ?}", parameter));
            documentId = ((IonString) ((IonStruct) inserted.get(0)).get("documentId")).stringValue();
            assertThat(Double.doubleToRawLongBits(parameter.doubleValue()))
                    .as("the caller's parameter is not changed").isEqualTo(PAYLOAD_NAN);
            List<IonValue> stored = ledger.executeStatement("SELECT VALUE r.reading FROM Readings AS r");
            assertThat(Double.doubleToRawLongBits(((IonFloat) stored.get(0)).doubleValue())).isEqualTo(CANONICAL_NAN);
            ledger.verifyJournal();
            digest = ledger.digest();
            // GetRevision answers with Ion text: the revision read back from it has the hash the journal holds.
            Revision revision = ledger.revision(new BlockAddress(digest.tipAddress().strandId(), 2), documentId,
                    digest.tipAddress()).revision();
            String text = revision.toIon(ION).toString();
            assertThat(text).contains("reading:nan");
            Revision fromText = Revision.fromIon(ION.singleValue(text));
            assertThat(fromText.computeHash()).isEqualTo(revision.hash());
            fromText.verifyHash();
        }
        for (ExportFormat format : List.of(ExportFormat.ION_BINARY, ExportFormat.ION_TEXT)) {
            Path export = temp.resolve("export-" + format);
            try (Ledger ledger = Ledger.open(source)) {
                JournalExporter.export(ledger, export, new ExportRequest("source", "Export0000000000000001",
                        Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2200-01-01T00:00:00Z"), "journal/",
                        "local", format));
            }
            assertThat(ExportVerifier.verify(ExportReader.open(export, null), digest).merkleRoot())
                    .as(format.toString()).isEqualTo(digest.digest());
        }
    }

    @Test
    void anExistingJournalKeepsItsPayloadAndVerifiesFromIonBinary() throws URISyntaxException {
        Path oldExport = Path.of(PayloadNanExportTest.class.getResource(OLD_EXPORT).toURI());
        try (Ledger ledger = JournalImporter.importExport(ExportReader.open(oldExport, null), OLD_DIGEST,
                temp.resolve("imported"), LedgerOptions.defaults())) {
            ledger.verifyJournal();
            List<IonValue> stored = ledger.executeStatement("SELECT VALUE r.reading FROM Readings AS r");
            assertThat(Double.doubleToRawLongBits(((IonFloat) stored.get(0)).doubleValue())).isEqualTo(PAYLOAD_NAN);
            assertThat(ledger.digest()).isEqualTo(OLD_DIGEST);
            Path textExport = temp.resolve("text-export");
            JournalExporter.export(ledger, textExport, new ExportRequest("imported", "Export0000000000000002",
                    Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2200-01-01T00:00:00Z"), "journal/",
                    "local", ExportFormat.ION_TEXT));
            assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(textExport, null), OLD_DIGEST))
                    .isInstanceOf(LedgerException.class).hasMessageStartingWith("block 2 (")
                    .hasMessageContaining("hash must be dot(ionHash(metadata), ionHash(data))");
        }
    }
}
