package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** In-place record rewrites: same length, crash-safe through the redo file, nothing else moves. */
class JournalRewriteTest {
    private static final JournalOptions OPTIONS = new JournalOptions(1 << 20);

    @TempDir
    Path directory;

    private static byte[] payload(char fill, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private List<JournalPosition> appendThree(Journal journal) {
        return journal.append(List.of(payload('a', 50), "SECRET-old-record-bytes".getBytes(StandardCharsets.UTF_8),
                payload('c', 70)));
    }

    @Test
    void rewritesOneRecordInPlaceAndLeavesTheOthers() {
        byte[] replacement = payload('r', 23);
        try (Journal journal = Journal.open(directory, OPTIONS, -1)) {
            List<JournalPosition> positions = appendThree(journal);
            journal.rewrite(1, positions.get(1), replacement);
            assertThat(journal.read(1, positions.get(1))).isEqualTo(replacement);
            assertThat(journal.read(0, positions.get(0))).isEqualTo(payload('a', 50));
            assertThat(journal.read(2, positions.get(2))).isEqualTo(payload('c', 70));
            journal.append(List.of(payload('d', 5))); // appends go on after a rewrite
            journal.verifyAll();
        }
        try (Journal reopened = Journal.open(directory, OPTIONS, 3)) {
            Iterator<JournalEntry> entries = reopened.readFrom(1);
            assertThat(entries.next().payload()).isEqualTo(replacement);
        }
        assertThat(JournalTestFiles.segmentFiles(directory)).hasSize(1);
        assertThat(directoryHolds("SECRET-old")).isFalse();
        assertThat(directoryHolds("rewrite-")).as("no redo file left").isFalse();
    }

    @Test
    void refusesAnotherLengthAndAReadOnlyJournal() {
        List<JournalPosition> positions;
        try (Journal journal = Journal.open(directory, OPTIONS, -1)) {
            positions = appendThree(journal);
            assertThatThrownBy(() -> journal.rewrite(1, positions.get(1), payload('x', 24)))
                    .isInstanceOfSatisfying(LedgerException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining("needs a payload of exactly 23 bytes, got 24");
        }
        try (Journal readOnly = Journal.open(directory, OPTIONS, 2, JournalAccess.READ_ONLY)) {
            assertThatThrownBy(() -> readOnly.rewrite(1, positions.get(1), payload('x', 23)))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("read-only");
        }
    }

    /** A crash after each step: reopening finds the new record, whole, and no redo file. */
    @ParameterizedTest
    @EnumSource(RecordRewrite.Step.class)
    void aCrashAtAnyStepIsFinishedOnOpen(RecordRewrite.Step step) {
        byte[] replacement = payload('r', 23);
        List<JournalPosition> positions;
        try (Journal journal = Journal.open(directory, OPTIONS, -1)) {
            positions = appendThree(journal);
            JournalFaults.stopRewritesAt(journal, step.name());
            assertThatThrownBy(() -> journal.rewrite(1, positions.get(1), replacement))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("simulated crash at " + step);
        }
        try (Journal reopened = Journal.open(directory, OPTIONS, 2)) {
            assertThat(reopened.read(1, positions.get(1))).isEqualTo(replacement);
            reopened.verifyAll();
        }
        assertThat(directoryHolds("SECRET-old")).isFalse();
        assertThat(directoryHolds("rewrite-")).isFalse();
    }

    @Test
    void aRedoFileCutShortBeforeItsRenameIsDeletedAndTheRecordKept() throws IOException {
        List<JournalPosition> positions;
        try (Journal journal = Journal.open(directory, OPTIONS, -1)) {
            positions = appendThree(journal);
        }
        Files.write(directory.resolve("rewrite-00000000000000000001.redo.creating"), new byte[] {1, 2, 3});
        try (Journal reopened = Journal.open(directory, OPTIONS, 2)) {
            assertThat(new String(reopened.read(1, positions.get(1)), StandardCharsets.UTF_8))
                    .isEqualTo("SECRET-old-record-bytes");
        }
        assertThat(Files.exists(directory.resolve("rewrite-00000000000000000001.redo.creating"))).isFalse();
    }

    @Test
    void aDamagedRedoFileIsCorruptionNotSilence() throws IOException {
        try (Journal journal = Journal.open(directory, OPTIONS, -1)) {
            appendThree(journal);
        }
        Files.write(directory.resolve("rewrite-00000000000000000001.redo"), new byte[40]);
        assertThatThrownBy(() -> Journal.open(directory, OPTIONS, 2))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION))
                .hasMessageContaining("journal redo file rewrite-00000000000000000001.redo cannot be applied");
    }

    private boolean directoryHolds(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        try (var stream = Files.list(directory)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Path file : files) {
            if (file.getFileName().toString().contains(text)) {
                return true;
            }
            try {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return false;
    }
}
