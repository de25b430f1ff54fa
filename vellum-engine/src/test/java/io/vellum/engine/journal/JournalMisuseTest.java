package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong arguments, wrong states and I/O failures give the documented error codes. */
class JournalMisuseTest {
    @TempDir
    Path directory;

    @Test
    void invalidArgumentsAreInvalidRequests() {
        assertCode(() -> new JournalOptions(JournalOptions.MIN_SEGMENT_SIZE_LIMIT - 1), ErrorCode.INVALID_REQUEST);
        assertCode(() -> new JournalPosition(0, -1, 0), ErrorCode.INVALID_REQUEST);
        assertCode(() -> Journal.open(directory, JournalOptions.defaults(), -2), ErrorCode.INVALID_REQUEST);
        assertCode(() -> Journal.open(null, JournalOptions.defaults(), -1), ErrorCode.INVALID_REQUEST);
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            JournalPosition position = journal.append(List.of(new byte[] {1})).get(0);
            assertCode(() -> journal.append(null), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.append(Arrays.asList(new byte[1], null)), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.read(1, position), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.read(-1, position), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.read(0, null), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.read(0, new JournalPosition(5, position.offset(), 1)), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.read(0, new JournalPosition(0, 3, 1)), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.readFrom(2), ErrorCode.INVALID_REQUEST);
            assertCode(() -> journal.readFrom(-1), ErrorCode.INVALID_REQUEST);
            assertThat(journal.nextSequenceNo()).isEqualTo(1);
        }
    }

    @Test
    void aClosedJournalIsUnavailableAndCloseIsIdempotent() {
        Journal journal = Journal.open(directory, JournalOptions.defaults(), -1);
        JournalPosition position = journal.append(List.of(new byte[] {1})).get(0);
        Iterator<JournalEntry> iterator = journal.readFrom(0);
        journal.close();
        journal.close();
        assertCode(() -> journal.append(List.of(new byte[1])), ErrorCode.UNAVAILABLE);
        assertCode(() -> journal.read(0, position), ErrorCode.UNAVAILABLE);
        assertCode(() -> journal.readFrom(0), ErrorCode.UNAVAILABLE);
        assertCode(iterator::next, ErrorCode.UNAVAILABLE);
        assertCode(journal::verifyAll, ErrorCode.UNAVAILABLE);
        assertCode(journal::sizeBytes, ErrorCode.UNAVAILABLE);
    }

    @Test
    void aJournalCanBeOpenedOnlyOnceAtATime() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            assertCode(() -> Journal.open(directory, JournalOptions.defaults(), -1), ErrorCode.UNAVAILABLE);
            journal.append(List.of(new byte[1]));
        }
        try (Journal reopened = Journal.open(directory, JournalOptions.defaults(), 0)) {
            assertThat(reopened.nextSequenceNo()).isEqualTo(1);
        }
    }

    @Test
    void aFailedAppendClosesTheJournalAndAcknowledgesNothing() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of(new byte[] {1}));
            // An interrupt makes the channel's write fail with an I/O error (ClosedByInterruptException).
            Thread.currentThread().interrupt();
            try {
                assertCode(() -> journal.append(List.of(new byte[] {2})), ErrorCode.UNAVAILABLE);
            } finally {
                Thread.interrupted();
            }
            assertThat(journal.nextSequenceNo()).isEqualTo(1);
            assertCode(() -> journal.append(List.of(new byte[] {3})), ErrorCode.UNAVAILABLE);
        }
        try (Journal reopened = Journal.open(directory, JournalOptions.defaults(), 0)) {
            assertThat(reopened.nextSequenceNo()).isEqualTo(1);
            reopened.append(List.of(new byte[] {4}));
            assertThat(reopened.readFrom(1).next().payload()).containsExactly(4);
        }
    }

    @Test
    void interruptingAReaderFailsOnlyThatRead() {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            JournalPosition position = journal.append(List.of(new byte[] {1})).get(0);
            assertThat(journal.read(0, position)).containsExactly(1); // opens the shared read channel
            Thread.currentThread().interrupt();
            try {
                assertCode(() -> journal.read(0, position), ErrorCode.UNAVAILABLE);
            } finally {
                Thread.interrupted();
            }
            assertThat(journal.read(0, position)).containsExactly(1);
            journal.append(List.of(new byte[] {2}));
            journal.verifyAll();
        }
    }

    @Test
    void leftoversOfAnInterruptedSegmentCreationAreRemovedAndForeignFilesIgnored() throws Exception {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            journal.append(List.of(new byte[] {1}));
        }
        Path leftover = Files.write(directory.resolve(SegmentFile.fileName(1) + JournalDirectory.CREATING_SUFFIX),
                new byte[7]);
        Path foreign = Files.write(directory.resolve("README.txt"), new byte[] {'h', 'i'});
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 0)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(1);
        }
        assertThat(leftover).doesNotExist();
        assertThat(foreign).exists();
    }

    private static void assertCode(ThrowingCallable action, ErrorCode code) {
        assertThatThrownBy(action).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
