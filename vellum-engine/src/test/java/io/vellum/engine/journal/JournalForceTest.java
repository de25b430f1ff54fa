package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append batch costs exactly one data force, however many records it holds. */
class JournalForceTest {
    @TempDir
    Path directory;

    @Test
    void eachBatchIsForcedExactlyOnce() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            assertThat(journal.dataForceCount()).isZero();
            journal.append(List.of(new byte[100]));
            assertThat(journal.dataForceCount()).isEqualTo(1);
            journal.append(Collections.nCopies(16, new byte[1024]));
            assertThat(journal.dataForceCount()).isEqualTo(2);
            journal.append(Collections.nCopies(1000, new byte[10]));
            assertThat(journal.dataForceCount()).isEqualTo(3);
        }
    }

    @Test
    void aBatchLargerThanOneWriteBufferIsStillForcedOnce() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            List<byte[]> payloads = Collections.nCopies(3, new byte[SegmentAppender.MAX_WRITE_BYTES / 2]);
            List<JournalPosition> positions = journal.append(payloads);
            assertThat(journal.dataForceCount()).isEqualTo(1);
            assertThat(journal.read(2, positions.get(2))).hasSize(SegmentAppender.MAX_WRITE_BYTES / 2);
        }
    }

    @Test
    void startingASegmentDoesNotAddADataForce() {
        try (Journal journal = Journal.open(directory, new JournalOptions(100), -1)) {
            for (int i = 1; i <= 10; i++) {
                journal.append(List.of(new byte[50], new byte[50]));
                assertThat(journal.dataForceCount()).isEqualTo(i);
            }
            assertThat(JournalTestFiles.segmentFiles(directory)).hasSize(10);
        }
    }

    @Test
    void anEmptyBatchForcesNothing() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of());
            assertThat(journal.dataForceCount()).isZero();
        }
    }
}
