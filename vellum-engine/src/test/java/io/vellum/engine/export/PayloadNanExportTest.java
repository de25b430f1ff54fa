package io.vellum.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonFloat;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.LedgerDigest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document holding a NaN with a payload (it can arrive only as an Ion binary or in-memory parameter). The journal
 * stores and hashes the payload's bits as ion-hash-java does; an Ion binary export keeps them and verifies, an Ion
 * text export prints {@code nan} and cannot (docs/DECISIONS.md, "Payload NaNs").
 */
class PayloadNanExportTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final long PAYLOAD_NAN = 0x7ff4fcccc12f24e5L;

    @TempDir
    Path temp;

    @Test
    void binaryExportsVerifyTextExportsDoNot() {
        Path source = temp.resolve("source");
        LedgerDigest digest;
        try (Ledger ledger = Ledger.open(source)) {
            ledger.execute(tx -> tx.execute("CREATE TABLE Readings"));
            ledger.execute(tx -> tx.execute("INSERT INTO Readings VALUE {'sensor': 's1', 'reading': ?}",
                    ION.newFloat(Double.longBitsToDouble(PAYLOAD_NAN))));
            List<IonValue> stored = ledger.executeStatement("SELECT VALUE r.reading FROM Readings AS r");
            assertThat(Double.doubleToRawLongBits(((IonFloat) stored.get(0)).doubleValue())).isEqualTo(PAYLOAD_NAN);
            ledger.verifyJournal();
            digest = ledger.digest();
        }
        for (ExportFormat format : List.of(ExportFormat.ION_BINARY, ExportFormat.ION_TEXT)) {
            Path export = temp.resolve("export-" + format);
            try (Ledger ledger = Ledger.open(source)) {
                JournalExporter.export(ledger, export, new ExportRequest("source", "Export0000000000000001",
                        Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2200-01-01T00:00:00Z"), "journal/",
                        "local", format));
            }
            if (format == ExportFormat.ION_BINARY) {
                assertThat(ExportVerifier.verify(ExportReader.open(export, null), digest).merkleRoot())
                        .isEqualTo(digest.digest());
            } else {
                assertThatThrownBy(() -> ExportVerifier.verify(ExportReader.open(export, null), digest))
                        .isInstanceOf(LedgerException.class).hasMessageStartingWith("block 2 (")
                        .hasMessageContaining("hash must be dot(ionHash(metadata), ionHash(data))");
            }
        }
    }
}
