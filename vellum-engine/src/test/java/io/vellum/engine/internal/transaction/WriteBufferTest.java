package io.vellum.engine.internal.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.catalog.Catalog;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transaction's write buffer on its own: a failed statement's writes are undone exactly (earlier statements'
 * writes stay, the document's statement list loses only that statement), and the per-transaction document count
 * leaves out catalog documents. The running document count and size-bound sum always equal what a walk over the
 * pending writes computes (the walk the transaction's limits did after every statement before).
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

    @Test
    void theRunningCountsEqualAWalkOverThePendingWritesAfterAnySequenceOfChanges() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int run = 0; run < 200; run++) {
            WriteBuffer writes = new WriteBuffer();
            for (int step = 0; step < 60; step++) {
                String documentId = "d" + random.nextInt(8);
                switch (random.nextInt(6)) {
                    case 0 -> writes.beginStatement(step);
                    case 1 -> writes.undoStatement();
                    case 2 -> writes.discard(documentId);
                    case 3 -> writes.put(new PendingWrite(Catalog.TABLE_ID, Catalog.TABLE_NAME, documentId, 0,
                            (IonStruct) ION.singleValue("{name:\"" + "x".repeat(random.nextInt(20)) + "\"}"), null));
                    case 4 -> writes.put(PendingWrite.deletion("table", "T", documentId, 1, null));
                    default -> writes.put(write(documentId, 0, "{n:" + random.nextInt(1000) + ", s:\""
                            + "y".repeat(random.nextInt(50)) + "\"}"));
                }
                long documents = 0;
                long bound = 0;
                for (PendingWrite write : writes.all()) {
                    if (!Catalog.TABLE_ID.equals(write.tableId())) {
                        documents++;
                        bound += write.data() == null ? 0 : IonSizeBound.of(write.data());
                    }
                }
                assertThat(writes.userDocumentCount()).as("document count, seed %d", seed).isEqualTo(documents);
                assertThat(writes.userSizeBound()).as("size bound, seed %d", seed).isEqualTo(bound);
            }
        }
    }
}
