package io.vellum.proof.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.vellum.error.LedgerException;
import io.vellum.proof.Vectors;
import io.vellum.proof.hash.IonHash;

class TransactionInfoTest {
    private static final Timestamp START = Timestamp.valueOf("2024-05-01T10:00:00.123Z");

    private static TransactionInfo sample() {
        Map<String, DocumentInfo> documents = new LinkedHashMap<>();
        documents.put("zDoc", new DocumentInfo("T", "tableId1", List.of(0)));
        documents.put("aDoc", new DocumentInfo("T", "tableId1", List.of(0, 1)));
        return new TransactionInfo(List.of(
                new StatementInfo("INSERT INTO T ?", START, CommitDigest.statementHash("INSERT INTO T ?", List.of())),
                new StatementInfo("UPDATE T SET a = 1", START, IonHash.ofString("UPDATE T SET a = 1"))), documents);
    }

    @Test
    void canonicalEncodingIsQldbsLayout() {
        TransactionInfo info = sample();
        assertThat(info.toIon(Vectors.ION).toString()).isEqualTo("{statements:[{statement:\"INSERT INTO T ?\","
                + "startTime:2024-05-01T10:00:00.123Z,statementDigest:{{" + IonHash.ofString("INSERT INTO T ?").toBase64()
                + "}}},{statement:\"UPDATE T SET a = 1\",startTime:2024-05-01T10:00:00.123Z,statementDigest:{{"
                + IonHash.ofString("UPDATE T SET a = 1").toBase64() + "}}}],documents:{zDoc:{tableName:\"T\","
                + "tableId:\"tableId1\",statements:[0]},aDoc:{tableName:\"T\",tableId:\"tableId1\",statements:[0,1]}}}");
        assertThat(info.hash()).isEqualTo(IonHash.of(info.toIon(Vectors.ION)));
        assertThat(info.ion().isReadOnly()).isTrue();
    }

    @Test
    void roundTripsAndKeepsDocumentOrder() {
        TransactionInfo info = sample();
        TransactionInfo reread = TransactionInfo.fromIon(info.toIon(Vectors.ION));
        assertThat(reread).isEqualTo(info);
        assertThat(reread.documents().keySet()).containsExactly("zDoc", "aDoc");
        assertThat(reread.hash()).isEqualTo(info.hash());
    }

    @Test
    void importedValueIsHashedAsGiven() {
        IonStruct withExtra = sample().toIon(Vectors.ION);
        withExtra.put("qldbInternal", Vectors.ION.newSymbol("x"));
        TransactionInfo imported = TransactionInfo.fromIon(withExtra);
        assertThat(imported.statements()).isEqualTo(sample().statements());
        assertThat(imported.hash()).isEqualTo(IonHash.of(withExtra)).isNotEqualTo(sample().hash());
        assertThat(imported.toIon(Vectors.ION)).isEqualTo(withExtra);
    }

    @Test
    void ionThatContradictsTheComponentsIsRejected() {
        TransactionInfo info = sample();
        assertThatThrownBy(() -> new TransactionInfo(List.of(), info.documents(), info.ion()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not describe");
    }

    @Test
    void malformedTransactionInfoNamesThePath() {
        IonStruct bad = sample().toIon(Vectors.ION);
        ((IonStruct) ((com.amazon.ion.IonList) bad.get("statements")).get(1)).put("startTime",
                Vectors.ION.newString("yesterday"));
        assertThatThrownBy(() -> TransactionInfo.fromIon(bad)).isInstanceOf(LedgerException.class)
                .hasMessageContaining("transactionInfo.statements[1].startTime");
    }
}
