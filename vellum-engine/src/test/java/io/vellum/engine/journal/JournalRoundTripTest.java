package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest {
    /** Small enough that a handful of 100-byte records fills a segment. */
    private static final JournalOptions TINY_SEGMENTS = new JournalOptions(400);

    @TempDir
    Path directory;

    @Test
    void emptyJournalStartsAtZeroWithOneSegmentFile() {
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            assertThat(journal.nextSequenceNo()).isZero();
            assertThat(journal.readFrom(0).hasNext()).isFalse();
            assertThat(journal.sizeBytes()).isEqualTo(SegmentHeader.SIZE);
            assertThat(journal.directory()).isEqualTo(directory);
            journal.verifyAll();
        }
        assertThat(JournalTestFiles.segmentFiles(directory))
                .extracting(file -> file.getFileName().toString())
                .containsExactly("00000000000000000000.seg");
    }

    @Test
    void appendsReadAndIterateAcrossSegmentsAndSurviveReopening() {
        Random random = new Random(JournalTestFiles.seed("appendsReadAndIterateAcrossSegments", 11));
        List<byte[]> written = new ArrayList<>();
        List<JournalPosition> positions = new ArrayList<>();
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            for (int batch = 0; batch < 30; batch++) {
                List<byte[]> payloads = JournalTestFiles.randomPayloads(random, 1 + random.nextInt(3), 100);
                List<JournalPosition> appended = journal.append(payloads);
                assertThat(appended).hasSize(payloads.size());
                written.addAll(payloads);
                positions.addAll(appended);
                assertThat(journal.nextSequenceNo()).isEqualTo(written.size());
            }
            assertEverythingReadsBack(journal, written, positions);
        }
        assertThat(JournalTestFiles.segmentFiles(directory)).hasSizeGreaterThan(5);

        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, written.size() - 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(written.size());
            List<byte[]> more = JournalTestFiles.randomPayloads(random, 7, 100);
            for (byte[] payload : more) {
                positions.addAll(journal.append(List.of(payload)));
                written.add(payload);
            }
            assertEverythingReadsBack(journal, written, positions);
        }
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, written.size() - 1)) {
            assertEverythingReadsBack(journal, written, positions);
        }
    }

    @Test
    void segmentsAreNamedByTheirFirstSequenceNoAndRecordsStayContiguous() {
        List<JournalPosition> positions = new ArrayList<>();
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            for (int i = 0; i < 40; i++) {
                positions.addAll(journal.append(List.of(new byte[50])));
            }
        }
        List<String> names = JournalTestFiles.segmentFiles(directory).stream()
                .map(file -> file.getFileName().toString()).toList();
        List<String> expectedNames = positions.stream().map(JournalPosition::segmentFirstSequenceNo).distinct()
                .map(SegmentFile::fileName).toList();
        assertThat(names).isEqualTo(expectedNames);
        for (int i = 0; i < positions.size(); i++) {
            JournalPosition position = positions.get(i);
            assertThat(position.segmentFirstSequenceNo()).isLessThanOrEqualTo(i);
            boolean firstOfSegment = position.segmentFirstSequenceNo() == i;
            if (firstOfSegment) {
                assertThat(position.offset()).isEqualTo(SegmentHeader.SIZE);
            } else {
                JournalPosition previous = positions.get(i - 1);
                assertThat(position.offset()).isEqualTo(previous.offset() + RecordFormat.OVERHEAD + previous.length());
            }
        }
        // Every segment stays within the limit (no single batch exceeds it).
        for (Path segment : JournalTestFiles.segmentFiles(directory)) {
            assertThat(JournalTestFiles.size(segment)).isLessThanOrEqualTo(TINY_SEGMENTS.segmentSizeLimit());
        }
    }

    @Test
    void aBatchIsNeverSplitAndAnOversizedBatchGetsItsOwnSegment() {
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            journal.append(List.of(new byte[10]));
            List<JournalPosition> big = journal.append(List.of(new byte[300], new byte[300], new byte[300]));
            assertThat(big).extracting(JournalPosition::segmentFirstSequenceNo).containsOnly(1L);
            List<JournalPosition> after = journal.append(List.of(new byte[10]));
            assertThat(after.get(0).segmentFirstSequenceNo()).isEqualTo(4L);
            assertThat(journal.read(2, big.get(1))).hasSize(300);
            journal.verifyAll();
        }
    }

    @Test
    void emptyPayloadsAndAnEmptyBatchAreAllowed() {
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            assertThat(journal.append(List.of())).isEmpty();
            List<JournalPosition> positions = journal.append(List.of(new byte[0], "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(journal.read(0, positions.get(0))).isEmpty();
            assertThat(journal.read(1, positions.get(1))).containsExactly('x');
        }
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(2);
        }
    }

    @Test
    void readFromReturnsOnlyRecordsAppendedBeforeTheCall() {
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            journal.append(List.of(new byte[] {1}, new byte[] {2}));
            Iterator<JournalEntry> iterator = journal.readFrom(1);
            journal.append(List.of(new byte[] {3}));
            assertThat(iterator.next().payload()).containsExactly(2);
            assertThat(iterator.hasNext()).isFalse();
            assertThat(journal.readFrom(2).next().payload()).containsExactly(3);
        }
    }

    @Test
    void returnedPayloadsAreFreshArrays() {
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, -1)) {
            byte[] payload = {7, 8, 9};
            JournalPosition position = journal.append(List.of(payload)).get(0);
            payload[0] = 0; // the journal keeps no reference to the caller's array
            byte[] first = journal.read(0, position);
            first[1] = 0;
            assertThat(journal.read(0, position)).containsExactly(7, 8, 9);
            assertThat(journal.readFrom(0).next().payload()).containsExactly(7, 8, 9);
        }
    }

    private static void assertEverythingReadsBack(Journal journal, List<byte[]> written,
                                                  List<JournalPosition> positions) {
        for (int i = 0; i < written.size(); i++) {
            assertThat(journal.read(i, positions.get(i))).as("read of sequenceNo %d", i).isEqualTo(written.get(i));
        }
        for (int from : new int[] {0, 1, written.size() / 2, written.size() - 1, written.size()}) {
            Iterator<JournalEntry> iterator = journal.readFrom(from);
            for (int i = from; i < written.size(); i++) {
                assertThat(iterator.hasNext()).isTrue();
                JournalEntry entry = iterator.next();
                assertThat(entry.sequenceNo()).isEqualTo(i);
                assertThat(entry.position()).isEqualTo(positions.get(i));
                assertThat(entry.payload()).isEqualTo(written.get(i));
            }
            assertThat(iterator.hasNext()).isFalse();
        }
        journal.verifyAll();
    }
}
