package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only a torn tail (the file ends inside a record) is ever cut, and only after its bytes are quarantined; a complete
 * record that fails its checks at the very end is an acknowledged block that is damaged: the open refuses.
 */
class JournalTailCutTest {
    private static final int RECORDS = 6;

    @TempDir
    Path workspace;

    private List<JournalPosition> positions;
    private List<byte[]> written;

    private Path pristine() {
        Path pristine = workspace.resolve("pristine");
        Random random = new Random(JournalTestFiles.seed("JournalTailCutTest", 41));
        written = new ArrayList<>();
        positions = new ArrayList<>();
        try (Journal journal = Journal.open(pristine, JournalOptions.defaults(), -1)) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] payload = new byte[20 + random.nextInt(30)];
                random.nextBytes(payload);
                written.add(payload);
                positions.addAll(journal.append(List.of(payload)));
            }
        }
        return pristine;
    }

    @Test
    void everyFlippedByteOfTheLastCompleteRecordFailsOpenNamingItAndCutsNothing() throws IOException {
        Path pristine = pristine();
        JournalPosition last = positions.get(RECORDS - 1);
        for (int i = 0; i < RecordFormat.OVERHEAD + last.length(); i++) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("flip-" + i));
            Path segment = JournalTestFiles.lastSegment(directory);
            JournalTestFiles.flipByte(segment, last.offset() + i);
            byte[] damaged = Files.readAllBytes(segment);
            for (JournalAccess access : List.of(JournalAccess.STRICT, JournalAccess.SERVING, JournalAccess.READ_ONLY)) {
                int flipped = i;
                assertThatThrownBy(() -> Journal.open(directory, JournalOptions.defaults(), -1, access).close())
                        .as("byte %d of the last record, %s", flipped, access)
                        .isInstanceOfSatisfying(LedgerException.class, e -> {
                            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPTION);
                            assertThat(e.getMessage()).matches(JournalTestFiles.namesSequenceNo(RECORDS - 1))
                                    .contains("byte offset " + last.offset())
                                    .contains(segment.getFileName().toString())
                                    .contains("nothing was cut")
                                    .doesNotContain(workspace.toString());
                        });
            }
            assertThat(Files.readAllBytes(segment)).as("byte %d: nothing cut", i).isEqualTo(damaged);
            assertThat(quarantineFiles(directory)).isEmpty();
        }
    }

    @Test
    void aRecordCutShortIsQuarantinedThenCutAndReported() throws IOException {
        Path pristine = pristine();
        JournalPosition last = positions.get(RECORDS - 1);
        long recordEnd = last.offset() + RecordFormat.OVERHEAD + last.length();
        for (long cut = last.offset() + 1; cut < recordEnd; cut += 7) {
            Path directory = JournalTestFiles.copyJournal(pristine, workspace.resolve("cut-" + cut));
            Path segment = JournalTestFiles.lastSegment(directory);
            JournalTestFiles.truncate(segment, cut);
            byte[] torn = Arrays.copyOfRange(Files.readAllBytes(segment), (int) last.offset(), (int) cut);

            try (Journal journal = Journal.open(directory, JournalOptions.defaults(), RECORDS - 2)) {
                assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS - 1);
                TailCut report = journal.tailCut().orElseThrow();
                assertThat(report.kind()).isEqualTo(TailCut.Kind.TORN);
                assertThat(report.cut()).isTrue();
                assertThat(report.firstSequenceNo()).isEqualTo(RECORDS - 1);
                assertThat(report.offset()).isEqualTo(last.offset());
                assertThat(report.length()).isEqualTo(cut - last.offset());
                assertThat(report.segmentFileName()).isEqualTo(segment.getFileName().toString());
                assertThat(report.quarantineFile()).isEqualTo(directory.resolve(
                        segment.getFileName() + "." + last.offset() + TailCut.QUARANTINE_SUFFIX));
                assertThat(Files.readAllBytes(report.quarantineFile())).isEqualTo(torn);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report.quarantineFile())))
                        .isEqualTo("rw-------");
                assertThat(report.describe()).contains("block " + (RECORDS - 1)).contains("never acknowledged");
                assertThat(JournalTestFiles.size(segment)).isEqualTo(last.offset());
                journal.append(List.of(new byte[] {1, 2, 3}));
            }
            // The quarantine file is no segment: the journal reopens cleanly and reports nothing more.
            try (Journal journal = Journal.open(directory, JournalOptions.defaults(), RECORDS - 1)) {
                assertThat(journal.tailCut()).isEmpty();
                journal.verifyAll();
            }
        }
    }

    @Test
    void aReadOnlyOpenReportsATornTailButChangesNothing() throws IOException {
        Path directory = pristine();
        Path segment = JournalTestFiles.lastSegment(directory);
        JournalTestFiles.truncate(segment, JournalTestFiles.size(segment) - 3);
        byte[] before = Files.readAllBytes(segment);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1, JournalAccess.READ_ONLY)) {
            assertThat(journal.isReadOnly()).isTrue();
            assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS - 1);
            TailCut report = journal.tailCut().orElseThrow();
            assertThat(report.cut()).isFalse();
            assertThat(report.kind()).isEqualTo(TailCut.Kind.TORN);
            List<byte[]> read = new ArrayList<>();
            journal.readFrom(0).forEachRemaining(entry -> read.add(entry.payload()));
            assertThat(read).containsExactlyElementsOf(written.subList(0, RECORDS - 1));
            assertThatThrownBy(() -> journal.append(List.of(new byte[1])))
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(before);
        assertThat(quarantineFiles(directory)).isEmpty();
        assertThatThrownBy(() -> Journal.open(workspace.resolve("absent"), JournalOptions.defaults(), -1,
                JournalAccess.READ_ONLY)).isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(workspace.resolve("absent")).doesNotExist();
    }

    @Test
    void onlyARepairCutsADamagedLastRecordAndADryRunChangesNothing() throws IOException {
        Path directory = pristine();
        JournalPosition last = positions.get(RECORDS - 1);
        Path segment = JournalTestFiles.lastSegment(directory);
        JournalTestFiles.flipByte(segment, last.offset() + RecordFormat.OVERHEAD + 3);
        byte[] damaged = Files.readAllBytes(segment);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1, JournalAccess.REPAIR_DRY_RUN)) {
            TailCut report = journal.tailCut().orElseThrow();
            assertThat(report.kind()).isEqualTo(TailCut.Kind.DAMAGED);
            assertThat(report.cut()).isFalse();
            assertThat(report.firstSequenceNo()).isEqualTo(RECORDS - 1);
            assertThat(report.describe()).contains("may have been acknowledged");
        }
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
        assertThatThrownBy(() -> Journal.open(directory, JournalOptions.defaults(), RECORDS - 1, JournalAccess.REPAIR))
                .as("never below the durable floor").isInstanceOf(LedgerException.class);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1, JournalAccess.REPAIR)) {
            TailCut report = journal.tailCut().orElseThrow();
            assertThat(report.cut()).isTrue();
            assertThat(Files.readAllBytes(report.quarantineFile()))
                    .isEqualTo(Arrays.copyOfRange(damaged, (int) last.offset(), damaged.length));
            assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS - 1);
        }
    }

    @Test
    void servingAccessRecordsADamagedMiddleRecordAndReadsTheOthers() {
        Path directory = pristine();
        JournalPosition damaged = positions.get(2);
        Path segment = JournalTestFiles.lastSegment(directory);
        // Every byte of the record but its length field (then the record boundary itself is lost; see below).
        for (int i : new int[] {4, 8, 15, RecordFormat.OVERHEAD, RecordFormat.OVERHEAD + damaged.length() - 1}) {
            Path copy = JournalTestFiles.copyJournal(directory, workspace.resolve("serving-" + i));
            JournalTestFiles.flipByte(JournalTestFiles.lastSegment(copy), damaged.offset() + i);
            try (Journal journal = Journal.open(copy, JournalOptions.defaults(), RECORDS - 1, JournalAccess.SERVING)) {
                assertThat(journal.damagedRecords()).singleElement().satisfies(record -> {
                    assertThat(record.sequenceNo()).isEqualTo(2);
                    assertThat(record.offset()).isEqualTo(damaged.offset());
                    assertThat(record.segmentFileName()).isEqualTo(segment.getFileName().toString());
                });
                assertThat(journal.nextSequenceNo()).isEqualTo(RECORDS);
                for (int n = 0; n < RECORDS; n++) {
                    if (n == 2) {
                        int sequenceNo = n;
                        assertThatThrownBy(() -> journal.read(sequenceNo, positions.get(sequenceNo)))
                                .isInstanceOfSatisfying(LedgerException.class, e -> {
                                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION);
                                    assertThat(e.getMessage()).matches(JournalTestFiles.namesSequenceNo(2));
                                });
                    } else {
                        assertThat(journal.read(n, positions.get(n))).isEqualTo(written.get(n));
                    }
                }
            }
        }
        // A damaged length field: the next record is found by searching, so the damage is still bounded to block 2.
        Path copy = JournalTestFiles.copyJournal(directory, workspace.resolve("serving-length"));
        JournalTestFiles.flipByte(JournalTestFiles.lastSegment(copy), damaged.offset() + 3);
        try (Journal journal = Journal.open(copy, JournalOptions.defaults(), RECORDS - 1, JournalAccess.SERVING)) {
            assertThat(journal.damagedRecords()).singleElement()
                    .satisfies(record -> assertThat(record.sequenceNo()).isEqualTo(2));
            assertThat(journal.read(3, positions.get(3))).isEqualTo(written.get(3));
        }
    }

    private static List<Path> quarantineFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(TailCut.QUARANTINE_SUFFIX)).toList();
        }
    }
}
