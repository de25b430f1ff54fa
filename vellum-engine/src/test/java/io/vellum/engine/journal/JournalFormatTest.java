package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the on-disk format with hand-written fixtures: journals written by any earlier build must stay readable,
 * and this build must write exactly the documented bytes. When the format changes, add a fixture per old version
 * here and a line to {@link SegmentHeader#FORMAT_VERSION_HISTORY}; never edit an existing fixture.
 */
class JournalFormatTest {
    /**
     * Format version 1: a segment starting at sequenceNo 0 with two records. Spelled out field by field:
     * <pre>
     * 89564a4e4c0d0a1a  magic                 00000001          version 1     0000000000000000  first sequenceNo 0
     * 00000006  length 6   24cc1f38  CRC32C   0000000000000000  sequenceNo 0  e00100ea212a      payload (Ion: 42)
     * 00000006  length 6   8594f5c6  CRC32C   0000000000000001  sequenceNo 1  76656c6c756d      payload "vellum"
     * </pre>
     */
    static final String VERSION_1_SEGMENT = "89564a4e4c0d0a1a" + "00000001" + "0000000000000000"
            + "00000006" + "24cc1f38" + "0000000000000000" + "e00100ea212a"
            + "00000006" + "8594f5c6" + "0000000000000001" + "76656c6c756d";

    static final byte[] FIRST_PAYLOAD = HexFormat.of().parseHex("e00100ea212a");
    static final byte[] SECOND_PAYLOAD = "vellum".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    @Test
    void aVersion1SegmentIsReadable() throws Exception {
        Files.write(directory.resolve("00000000000000000000.seg"), HexFormat.of().parseHex(VERSION_1_SEGMENT));
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), 1)) {
            assertThat(journal.nextSequenceNo()).isEqualTo(2);
            assertThat(journal.read(0, new JournalPosition(0, 20, 6))).isEqualTo(FIRST_PAYLOAD);
            assertThat(journal.read(1, new JournalPosition(0, 42, 6))).isEqualTo(SECOND_PAYLOAD);
            journal.verifyAll();
        }
    }

    @Test
    void thisBuildWritesExactlyTheDocumentedBytes() throws Exception {
        try (Journal journal = Journal.open(directory, JournalOptions.defaults(), -1)) {
            List<JournalPosition> positions = journal.append(List.of(FIRST_PAYLOAD, SECOND_PAYLOAD));
            assertThat(positions).containsExactly(new JournalPosition(0, 20, 6), new JournalPosition(0, 42, 6));
        }
        byte[] written = Files.readAllBytes(directory.resolve("00000000000000000000.seg"));
        assertThat(HexFormat.of().formatHex(written)).isEqualTo(VERSION_1_SEGMENT);
    }

    @Test
    void formatConstantsMatchTheDocumentedLayout() {
        assertThat(SegmentHeader.SIZE).isEqualTo(20);
        assertThat(RecordFormat.OVERHEAD).isEqualTo(16);
        assertThat(SegmentHeader.FORMAT_VERSION).isEqualTo(1);
        assertThat(SegmentHeader.FORMAT_VERSION_HISTORY).startsWith("1: ").doesNotContain("\n");
        assertThat(SegmentFile.fileName(1234)).isEqualTo("00000000000000001234.seg");
        assertThat(SegmentFile.fileName(Long.MAX_VALUE)).isEqualTo("09223372036854775807.seg");
    }
}
