package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage anywhere but a torn tail must be reported, naming the file, offset and sequenceNo; never repaired. */
class JournalDamageTest {
    private static final JournalOptions TINY_SEGMENTS = new JournalOptions(200);

    @TempDir
    Path workspace;

    @Test
    void everyDamagedByteOfAnEarlierRecordInTheLastSegmentFailsOpenNamingThatRecord() {
        Path pristine = workspace.resolve("pristine");
        List<JournalPosition> positions = appendRecords(pristine, JournalOptions.defaults(), 6, 30);
        JournalPosition damaged = positions.get(2);
        for (int i = 0; i < RecordFormat.OVERHEAD + damaged.length(); i++) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("flip-" + i));
            Path segment = JournalTestFiles.lastSegment(directory);
            long sizeBefore = JournalTestFiles.size(segment);
            JournalTestFiles.flipByte(segment, damaged.offset() + i);
            assertCorruption(() -> Journal.open(directory, JournalOptions.defaults(), -1), 2,
                    message -> assertThat(message).contains(segment.getFileName().toString())
                            .doesNotContain(workspace.toString())
                            .contains("byte offset " + damaged.offset()));
            assertThat(JournalTestFiles.size(segment)).as("nothing truncated").isEqualTo(sizeBefore);
        }
    }

    @Test
    void everyDamagedByteOfARecordInAnEarlierSegmentFailsReadsAndVerification() {
        Path pristine = workspace.resolve("pristine");
        List<JournalPosition> positions = appendRecords(pristine, TINY_SEGMENTS, 20, 30);
        int damagedSequenceNo = 1;
        JournalPosition damaged = positions.get(damagedSequenceNo);
        assertThat(damaged.segmentFirstSequenceNo()).isZero();
        assertThat(JournalTestFiles.segmentFiles(pristine)).hasSizeGreaterThan(2);
        for (int i = 0; i < RecordFormat.OVERHEAD + damaged.length(); i++) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("flip-" + i));
            JournalTestFiles.flipByte(directory.resolve(SegmentFile.fileName(0)), damaged.offset() + i);
            // Opening scans only the last segment, so it succeeds; every read path catches the damage.
            try (Journal journal = Journal.open(directory, TINY_SEGMENTS, 19)) {
                assertThat(journal.read(0, positions.get(0))).isNotNull();
                assertCorruption(() -> journal.read(damagedSequenceNo, damaged), damagedSequenceNo, message -> { });
                assertCorruption(journal::verifyAll, damagedSequenceNo, message -> { });
                assertCorruption(() -> drain(journal.readFrom(0)), damagedSequenceNo, message -> { });
                assertCorruption(() -> journal.readFrom(damagedSequenceNo).next(), damagedSequenceNo,
                        message -> { });
            }
        }
    }

    @Test
    void everyDamagedHeaderByteOfTheLastSegmentFailsOpenNamingTheFile() {
        Path pristine = workspace.resolve("pristine");
        appendRecords(pristine, TINY_SEGMENTS, 10, 30);
        for (int i = 0; i < SegmentHeader.SIZE; i++) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("flip-" + i));
            Path segment = JournalTestFiles.lastSegment(directory);
            JournalTestFiles.flipByte(segment, i);
            assertThatThrownBy(() -> Journal.open(directory, TINY_SEGMENTS, -1))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                        assertThat(e.getMessage()).contains(segment.getFileName().toString())
                            .doesNotContain(workspace.toString()).contains("header");
                    });
        }
    }

    @Test
    void aDamagedHeaderOfAnEarlierSegmentFailsReadsAndVerificationNamingTheFile() {
        Path directory = workspace.resolve("journal");
        List<JournalPosition> positions = appendRecords(directory, TINY_SEGMENTS, 10, 30);
        Path first = directory.resolve(SegmentFile.fileName(0));
        JournalTestFiles.flipByte(first, 9); // inside the format version
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, 9)) {
            for (ThrowingCallable read : List.<ThrowingCallable>of(() -> journal.read(0, positions.get(0)),
                    journal::verifyAll, () -> journal.readFrom(0).next())) {
                assertThatThrownBy(read).isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).contains(first.getFileName().toString())
                            .doesNotContain(workspace.toString()).contains("format version");
                });
            }
        }
    }

    @Test
    void aShortSegmentFileIsCorruptionNotATornWrite() {
        Path directory = workspace.resolve("journal");
        appendRecords(directory, TINY_SEGMENTS, 10, 30);
        Path last = JournalTestFiles.lastSegment(directory);
        JournalTestFiles.truncate(last, SegmentHeader.SIZE - 1);
        assertThatThrownBy(() -> Journal.open(directory, TINY_SEGMENTS, -1))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).contains(last.getFileName().toString())
                            .doesNotContain(workspace.toString());
                });
    }

    @Test
    void aValidRecordWithTheWrongSequenceNoIsCorruption() {
        Path directory = workspace.resolve("journal");
        List<JournalPosition> positions = appendRecords(directory, JournalOptions.defaults(), 3, 30);
        ByteBuffer stray = ByteBuffer.allocate(RecordFormat.OVERHEAD + 4);
        RecordFormat.encode(stray, 7, new byte[] {1, 2, 3, 4});
        Path segment = JournalTestFiles.lastSegment(directory);
        JournalTestFiles.appendBytes(segment, stray.array());
        JournalPosition last = positions.get(2);
        long strayOffset = last.offset() + RecordFormat.OVERHEAD + last.length();
        assertCorruption(() -> Journal.open(directory, JournalOptions.defaults(), -1), 3,
                message -> assertThat(message).contains("byte offset " + strayOffset).contains("sequenceNo 7"));
    }

    @Test
    void aMissingMiddleSegmentIsAGapFoundByReadingAcrossIt() throws IOException {
        Path directory = workspace.resolve("journal");
        List<JournalPosition> positions = appendRecords(directory, TINY_SEGMENTS, 20, 30);
        List<Path> segments = JournalTestFiles.segmentFiles(directory);
        long missingFrom = positions.stream().mapToLong(JournalPosition::segmentFirstSequenceNo).distinct()
                .skip(1).findFirst().orElseThrow();
        Files.delete(segments.get(1));
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, 19)) {
            assertCorruption(journal::verifyAll, missingFrom,
                    message -> assertThat(message).contains("records are missing"));
            assertCorruption(() -> drain(journal.readFrom(0)), missingFrom, message -> { });
        }
    }

    @Test
    void aMissingFirstSegmentFailsOpen() throws IOException {
        Path directory = workspace.resolve("journal");
        appendRecords(directory, TINY_SEGMENTS, 20, 30);
        Files.delete(directory.resolve(SegmentFile.fileName(0)));
        assertThatThrownBy(() -> Journal.open(directory, TINY_SEGMENTS, -1))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).contains("must start at sequenceNo 0");
                });
    }

    @Test
    void aCutOrOverlongEarlierSegmentFailsVerification() {
        Path cut = workspace.resolve("cut");
        List<JournalPosition> positions = appendRecords(cut, TINY_SEGMENTS, 20, 30);
        long secondSegmentStart = positions.stream().mapToLong(JournalPosition::segmentFirstSequenceNo).distinct()
                .skip(1).findFirst().orElseThrow();
        Path first = cut.resolve(SegmentFile.fileName(0));
        JournalPosition lastOfFirst = positions.get((int) secondSegmentStart - 1);
        JournalTestFiles.truncate(first, lastOfFirst.offset() + 3);
        try (Journal journal = Journal.open(cut, TINY_SEGMENTS, 19)) {
            assertCorruption(journal::verifyAll, secondSegmentStart - 1, message -> { });
        }

        Path overlong = workspace.resolve("overlong");
        appendRecords(overlong, TINY_SEGMENTS, 20, 30);
        JournalTestFiles.appendBytes(overlong.resolve(SegmentFile.fileName(0)), new byte[] {0, 0, 0});
        try (Journal journal = Journal.open(overlong, TINY_SEGMENTS, 19)) {
            assertCorruption(journal::verifyAll, secondSegmentStart,
                    message -> assertThat(message).contains("3 unexpected bytes"));
        }
    }

    @Test
    void aMalformedSegmentFileNameFailsOpenNamingTheFile() throws IOException {
        Path directory = workspace.resolve("journal");
        appendRecords(directory, TINY_SEGMENTS, 3, 30);
        Path stray = Files.createFile(directory.resolve("123.seg"));
        assertThatThrownBy(() -> Journal.open(directory, TINY_SEGMENTS, -1))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                    assertThat(e.getMessage()).contains(stray.getFileName().toString())
                            .doesNotContain(workspace.toString());
                });
    }

    @Test
    void aSegmentDeletedWhileOpenIsCorruptionOnRead() throws IOException {
        Path directory = workspace.resolve("journal");
        List<JournalPosition> positions = appendRecords(directory, TINY_SEGMENTS, 20, 30);
        try (Journal journal = Journal.open(directory, TINY_SEGMENTS, 19)) {
            Files.delete(directory.resolve(SegmentFile.fileName(0)));
            assertThatThrownBy(() -> journal.read(0, positions.get(0)))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                        assertThat(e.getMessage()).contains("missing");
                    });
        }
    }

    @Test
    void aPositionPointingAtTheWrongRecordIsCorruptionNamingTheSequenceNo() {
        Path directory = workspace.resolve("journal");
        List<JournalPosition> positions = appendRecords(directory, JournalOptions.defaults(), 5, 30);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 4)) {
            JournalPosition other = positions.get(2);
            assertCorruption(() -> journal.read(3, new JournalPosition(0, other.offset(), other.length())), 3,
                    message -> { });
        }
    }

    private static List<JournalPosition> appendRecords(Path directory, JournalOptions options, int count,
                                                       int maxLength) {
        Random random = new Random(JournalTestFiles.seed("JournalDamageTest records", 31));
        List<JournalPosition> positions = new ArrayList<>();
        try (Journal journal = Journal.open(directory, options, -1)) {
            for (int i = 0; i < count; i++) {
                byte[] payload = new byte[1 + random.nextInt(maxLength)];
                random.nextBytes(payload);
                positions.addAll(journal.append(List.of(payload)));
            }
        }
        return positions;
    }

    private static void assertCorruption(ThrowingCallable action, long sequenceNo, Consumer<String> moreChecks) {
        assertThatThrownBy(action).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPTION);
            assertThat(e.getMessage()).matches(JournalTestFiles.namesSequenceNo(sequenceNo));
            moreChecks.accept(e.getMessage());
        });
    }

    private static void drain(Iterator<JournalEntry> iterator) {
        while (iterator.hasNext()) {
            iterator.next();
        }
    }
}
