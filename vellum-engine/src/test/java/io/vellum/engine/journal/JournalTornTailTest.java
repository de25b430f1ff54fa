package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A crash during an append leaves a torn tail; opening must cut it off and carry on. */
class JournalTornTailTest {
    private static final int RECORDS = 6;

    @TempDir
    Path workspace;

    /**
     * @param segmentSizeLimit large: all records in one segment; small: the last record alone in the last segment,
     *                         so cutting it leaves an empty segment
     */
    @ParameterizedTest(name = "segmentSizeLimit {0}")
    @ValueSource(longs = {1 << 20, 100})
    void everyCutInsideTheLastRecordLosesExactlyThatRecord(long segmentSizeLimit) {
        JournalOptions options = new JournalOptions(segmentSizeLimit);
        Random random = new Random(JournalTestFiles.seed("everyCutInsideTheLastRecord", 21));
        Path pristine = workspace.resolve("pristine");
        List<byte[]> written = JournalTestFiles.randomPayloads(random, RECORDS, 40);
        written.set(RECORDS - 1, new byte[37]); // a non-empty last payload, so there are payload bytes to cut
        random.nextBytes(written.get(RECORDS - 1));
        List<JournalPosition> positions = new ArrayList<>();
        try (Journal journal = Journal.open(pristine, options, -1)) {
            for (byte[] payload : written) {
                positions.addAll(journal.append(List.of(payload)));
            }
        }
        JournalPosition last = positions.get(RECORDS - 1);
        long recordEnd = last.offset() + RecordFormat.OVERHEAD + last.length();
        assertThat(JournalTestFiles.size(JournalTestFiles.lastSegment(pristine))).isEqualTo(recordEnd);

        for (long cut = last.offset(); cut < recordEnd; cut++) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("cut-" + cut));
            JournalTestFiles.truncate(JournalTestFiles.lastSegment(directory), cut);
            byte[] replacement = {(byte) cut, 42};
            try (Journal journal = Journal.open(directory, options, RECORDS - 2)) {
                assertThat(journal.nextSequenceNo()).as("cut at %d", cut).isEqualTo(RECORDS - 1);
                assertReads(journal, written.subList(0, RECORDS - 1));
                journal.append(List.of(replacement));
            }
            try (Journal journal = Journal.open(directory, options, RECORDS - 1)) {
                assertThat(journal.nextSequenceNo()).as("cut at %d", cut).isEqualTo(RECORDS);
                List<byte[]> expected = new ArrayList<>(written.subList(0, RECORDS - 1));
                expected.add(replacement);
                assertReads(journal, expected);
                journal.verifyAll();
            }
        }
    }

    @ParameterizedTest(name = "{0} garbage bytes")
    @ValueSource(ints = {1, 7, 15, 16, 17, 100, 5000, 70_000})
    void garbageAfterTheLastValidRecordIsTruncated(int garbageLength) {
        Random random = new Random(JournalTestFiles.seed("garbageAfterTheLastValidRecord", 22 + garbageLength));
        Path directory = workspace.resolve("journal");
        List<byte[]> written = JournalTestFiles.randomPayloads(random, RECORDS, 200);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(written);
        }
        Path segment = JournalTestFiles.lastSegment(directory);
        long validSize = JournalTestFiles.size(segment);
        byte[] garbage = new byte[garbageLength];
        random.nextBytes(garbage);
        JournalTestFiles.appendBytes(segment, garbage);

        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), RECORDS - 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS);
            assertThat(JournalTestFiles.size(segment)).isEqualTo(validSize);
            assertReads(journal, written);
        }
    }

    @ParameterizedTest(name = "{0} zero bytes")
    @ValueSource(ints = {1, 16, 4096})
    void zeroFilledTailIsTruncated(int zeros) {
        // Some file systems expose a crashed append as a grown file full of zeros.
        Path directory = workspace.resolve("journal");
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of(new byte[] {1}, new byte[] {2}));
        }
        JournalTestFiles.appendBytes(JournalTestFiles.lastSegment(directory), new byte[zeros]);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "cut at byte {0} of the batch")
    @ValueSource(ints = {0, 1, 20, 40, 60})
    void aTornBatchLosesEveryRecordFromTheCutOn(int cutIntoBatch) {
        Path directory = workspace.resolve("journal");
        long batchStart;
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of(new byte[10]));
            batchStart = journal.append(List.of(new byte[10], new byte[10], new byte[10])).get(0).offset();
        }
        JournalTestFiles.truncate(JournalTestFiles.lastSegment(directory), batchStart + cutIntoBatch);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 0)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(1 + cutIntoBatch / (RecordFormat.OVERHEAD + 10));
        }
    }

    @ParameterizedTest(name = "cut {0} bytes before the end")
    @ValueSource(ints = {0, 1, 1 << 20, (3 << 20) - 1})
    void recordsLargerThanTheRecoveryReadAheadAreVerifiedAndCut(int bytesCut) {
        Random random = new Random(JournalTestFiles.seed("recordsLargerThanTheRecoveryReadAhead", 23));
        Path directory = workspace.resolve("journal");
        byte[] small = new byte[100];
        byte[] large = new byte[3 << 20];
        random.nextBytes(small);
        random.nextBytes(large);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of(large, small, large));
        }
        Path segment = JournalTestFiles.lastSegment(directory);
        JournalTestFiles.truncate(segment, JournalTestFiles.size(segment) - bytesCut);
        int expectedRecords = bytesCut == 0 ? 3 : 2;
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(expectedRecords);
            assertReads(journal, List.of(large, small, large).subList(0, expectedRecords));
        }
    }

    @ParameterizedTest(name = "durableFloor {0}")
    @ValueSource(longs = {RECORDS - 1, RECORDS + 3})
    void aTailAtOrBelowTheDurableFloorIsCorruptionAndLeftUntouched(long durableFloor) {
        Path directory = workspace.resolve("journal");
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            for (int i = 0; i < RECORDS; i++) {
                journal.append(List.of(new byte[20]));
            }
        }
        Path segment = JournalTestFiles.lastSegment(directory);
        long tornSize = JournalTestFiles.size(segment) - 5;
        JournalTestFiles.truncate(segment, tornSize);

        assertThatThrownBy(() -> Journal.open(directory, JournalOptions.defaults(), durableFloor))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).matches(JournalTestFiles.namesSequenceNo(RECORDS - 1))
                            .contains(segment.getFileName().toString())
                            .doesNotContain(workspace.toString()).contains("durable floor " + durableFloor);
                });
        assertThat(JournalTestFiles.size(segment)).isEqualTo(tornSize);
        // Opening with the floor below the torn record is fine, and the journal is still usable afterwards.
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), RECORDS - 2)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS - 1);
        }
    }

    @ParameterizedTest(name = "durableFloor {0}")
    @ValueSource(longs = {RECORDS, RECORDS + 100})
    void aJournalEndingBeforeTheDurableFloorIsCorruption(long durableFloor) {
        Path directory = workspace.resolve("journal");
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(JournalTestFiles.randomPayloads(new Random(1), RECORDS, 10));
        }
        assertThatThrownBy(() -> Journal.open(directory, JournalOptions.defaults(), durableFloor))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).contains("ends before sequenceNo " + RECORDS)
                            .contains(String.valueOf(durableFloor));
                });
    }

    @ParameterizedTest(name = "durableFloor {0}")
    @ValueSource(longs = {0, 7})
    void aMissingJournalBelowTheDurableFloorIsCorruptionNotANewJournal(long durableFloor) throws Exception {
        Path missing = workspace.resolve("never-created");
        assertThatThrownBy(() -> Journal.open(missing, JournalOptions.defaults(), durableFloor))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION));
        assertThat(missing).doesNotExist();

        Path empty = Files.createDirectory(workspace.resolve("empty"));
        assertThatThrownBy(() -> Journal.open(empty, JournalOptions.defaults(), durableFloor))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION));
        assertThat(JournalTestFiles.segmentFiles(empty)).isEmpty();
    }

    private static void assertReads(Journal journal, List<byte[]> expected) {
        List<byte[]> actual = new ArrayList<>();
        journal.readFrom(0).forEachRemaining(entry -> actual.add(entry.payload()));
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
