package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.catalog.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transaction's write buffer on its own: a failed statement's writes are undone exactly (earlier statements'
 * writes stay, the document's statement list loses only that statement), and the per-transaction document count
 * leaves out catalog documents.
 */
class WriteBufferTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private static PendingWrite write(String documentId, long version, String data) {
        IonStruct value = data == null ? null : (IonStruct) ION.singleValue(data);
        return new PendingWrite("table", "T", documentId, version, value, null);
    }

    @Test
    void undoingAStatementRestoresTheWritesBeforeIt() {
        WriteBuffer writes = new WriteBuffer();
        writes.beginStatement(0);
        writes.put(write("a", 0, "{n:1}"));
        writes.beginStatement(1);
        writes.put(write("a", 0, "{n:2}"));
        writes.put(write("b", 0, "{n:3}"));
        assertThat(writes.statementWrote()).isTrue();
        assertThat(writes.statementsOf("a")).containsExactly(0, 1);

        writes.undoStatement();

        assertThat(writes.get("a").data()).isEqualTo(ION.singleValue("{n:1}"));
        assertThat(writes.contains("b")).isFalse();
        assertThat(writes.statementsOf("a")).containsExactly(0);
        assertThat(writes.statementsOf("b")).isEmpty();
        assertThat(writes.all()).extracting(PendingWrite::documentId).containsExactly("a");
        assertThat(writes.statementWrote()).isFalse();
    }

    @Test
    void aDiscardedInsertComesBackWhenItsStatementIsUndone() {
        WriteBuffer writes = new WriteBuffer();
        writes.beginStatement(0);
        writes.put(write("a", 0, "{n:1}"));
        writes.beginStatement(1);
        writes.discard("a"); // inserted, then deleted: nothing to journal
        assertThat(writes.isEmpty()).isTrue();

        writes.undoStatement();

        assertThat(writes.get("a").data()).isEqualTo(ION.singleValue("{n:1}"));
    }

    @Test
    void aChangeOutsideAnyStatementNamesNone() {
        WriteBuffer writes = new WriteBuffer();
        writes.put(write("a", 0, "{n:1}"));
        assertThat(writes.statementsOf("a")).isEmpty();
    }

    @Test
    void catalogDocumentsDoNotCountAgainstTheDocumentLimit() {
        WriteBuffer writes = new WriteBuffer();
        writes.put(write("a", 0, "{n:1}"));
        writes.put(new PendingWrite(Catalog.TABLE_ID, Catalog.TABLE_NAME, "t", 0, (IonStruct) ION.singleValue("{}"),
                null));
        assertThat(writes.size()).isEqualTo(2);
        assertThat(writes.userDocumentCount()).isEqualTo(1);
        assertThat(List.copyOf(writes.all())).hasSize(2);
    }
}
