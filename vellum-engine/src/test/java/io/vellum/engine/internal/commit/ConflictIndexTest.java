package io.vellum.engine.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** OCC validation after rounds a replicated ledger's log did not acknowledge ({@link ConflictIndex#forgetAfter}). */
class ConflictIndexTest {
    private static ReadSet scanning(String table) {
        ReadSet reads = new ReadSet();
        reads.scannedTable(table);
        return reads;
    }

    private static ReadSet reading(String document) {
        ReadSet reads = new ReadSet();
        reads.readDocument(document);
        return reads;
    }

    @Test
    void writesOfBlocksAfterTheTipNoLongerConflictWithSnapshotsAtTheTip() {
        ConflictIndex index = new ConflictIndex();
        index.record(new WriteSummary(5, Set.of("doc-a"), Set.of(), Set.of("payments"), false));
        index.record(new WriteSummary(7, Set.of("doc-b"), Set.of(), Set.of("payments"), true)); // never acknowledged
        assertThat(index.conflicts(6, scanning("payments"))).isTrue();

        index.forgetAfter(6);

        assertThat(index.conflicts(6, scanning("payments"))).as("a scan at the tip").isFalse();
        assertThat(index.conflicts(6, reading("doc-b"))).as("the phantom block's document").isFalse();
    }

    @Test
    void forgettingStaysConservativeForSnapshotsOlderThanTheTip() {
        ConflictIndex index = new ConflictIndex();
        index.record(new WriteSummary(5, Set.of("doc-a"), Set.of(), Set.of("payments"), false));
        index.record(new WriteSummary(7, Set.of("doc-a"), Set.of(), Set.of("payments"), false)); // never acknowledged

        index.forgetAfter(6);

        // doc-a's real last write is block 5: a snapshot at 4 conflicts, as it did before the phantom write.
        assertThat(index.conflicts(4, reading("doc-a"))).isTrue();
        assertThat(index.conflicts(4, scanning("payments"))).isTrue();
        // Writes at or before the tip are kept as they were.
        assertThat(index.conflicts(5, reading("doc-a"))).as("lowered to the tip (6), not forgotten").isTrue();
        assertThat(index.conflicts(6, reading("doc-a"))).isFalse();
    }
}
