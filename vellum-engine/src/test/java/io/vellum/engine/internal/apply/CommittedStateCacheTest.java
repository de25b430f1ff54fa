package io.vellum.engine.internal.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.query.StoredDocument;
import io.vellum.proof.hash.Hash;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommittedStateCacheTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String TABLE = "T".repeat(22);
    private static final String OTHER_TABLE = "U".repeat(22);

    private static StoredDocument document(String id, long version) {
        IonStruct view = ION.newEmptyStruct();
        view.put("data").newEmptyStruct().put("version").newInt(version);
        view.makeReadOnly();
        return new StoredDocument(id, version, (IonStruct) view.get("data"), view);
    }

    @Test
    void anEntryServesSnapshotsAtOrAfterItsBlockOnly() {
        CommittedStateCache cache = new CommittedStateCache(10);
        StoredDocument added = document("a", 3);
        cache.putDocument(TABLE, added, 7);

        assertThat(cache.document(TABLE, "a", 6)).as("snapshot before the entry's block").isNull();
        assertThat(cache.document(TABLE, "a", 7)).isSameAs(added);
        assertThat(cache.document(TABLE, "a", 100)).isSameAs(added);
        assertThat(cache.document(OTHER_TABLE, "a", 100)).as("same id read through another table").isNull();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void writtenRevisionsReplaceWhatWasCachedAndBuildTheirViewOnceWhenAsked() {
        CommittedStateCache cache = new CommittedStateCache(10);
        cache.putDocument(TABLE, document("a", 0), 1);
        AtomicInteger builds = new AtomicInteger();
        StoredDocument full = document("a", 1);
        StoredDocument written = StoredDocument.withLazyView("a", 1, full.data(), () -> {
            builds.incrementAndGet();
            return full.committedView();
        });
        cache.putWritten(TABLE, written, 5);

        assertThat(cache.document(TABLE, "a", 4)).as("older snapshot: the replaced entry is gone").isNull();
        StoredDocument read = cache.document(TABLE, "a", 5);
        assertThat(read).isSameAs(written);
        assertThat(read.data()).isSameAs(full.data());
        assertThat(builds).as("reading data builds no view").hasValue(0);
        assertThat(read.committedView()).isSameAs(full.committedView());
        assertThat(cache.document(TABLE, "a", 9).committedView()).isSameAs(full.committedView());
        assertThat(builds).hasValue(1);
    }

    @Test
    void invalidationAndClearForgetEntries() {
        CommittedStateCache cache = new CommittedStateCache(10);
        IndexKey key = new IndexKey(TABLE, "I".repeat(22), Hash.EMPTY);
        cache.putDocument(TABLE, document("a", 0), 1);
        cache.putDocument(TABLE, document("b", 0), 1);
        cache.putIndex(key, List.of("a"), 1);
        assertThat(cache.index(key, 0)).isNull();
        assertThat(cache.index(key, 1)).containsExactly("a");

        cache.invalidate("a");
        cache.invalidate(key);
        assertThat(cache.document(TABLE, "a", 5)).isNull();
        assertThat(cache.index(key, 5)).isNull();
        assertThat(cache.document(TABLE, "b", 5)).isNotNull();
        cache.invalidate("b");
        assertThat(cache.document(TABLE, "b", 5)).isNull();

        cache.putDocument(TABLE, document("c", 0), 1);
        cache.putIndex(key, List.of("c"), 1);
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void growthPastCapacityEvictsDownToBelowIt() {
        CommittedStateCache cache = new CommittedStateCache(64);
        for (int i = 0; i < 1_000; i++) {
            cache.putDocument(TABLE, document("d" + i, 0), 1);
            assertThat(cache.size()).isLessThanOrEqualTo(64);
        }
        assertThat(cache.document(TABLE, "d999", 1)).as("the newest entry survives its own trim").isNotNull();
    }

    @Test
    void aZeroCapacityCacheIsOffAndKeepsNothing() {
        CommittedStateCache cache = new CommittedStateCache(0);
        assertThat(cache.enabled()).isFalse();
        cache.putDocument(TABLE, document("a", 0), 1);
        assertThat(cache.size()).isZero();
    }
}
