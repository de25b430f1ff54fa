package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line: shown only on a terminal, redrawn in place at most every 250 ms, and what it says. */
class TerminalProgressTest {
    private static final long MILLISECOND = 1_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now;

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void notATerminalMeansNothingIsWrittenAtAll() {
        try (TerminalProgress progress = new TerminalProgress(err, false, () -> now)) {
            for (int block = 1; block <= 5000; block++) {
                now += MILLISECOND;
                progress.blocks("verifying", block, 5000);
            }
            progress.blocks("writing", 5000, 5000);
        }
        assertThat(written()).isEmpty();
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAtMostEveryQuarterSecondAndAlwaysAtTheEnd() {
        try (TerminalProgress progress = new TerminalProgress(err, true, () -> now)) {
            for (int block = 1; block <= 1000; block++) {
                now += MILLISECOND; // 1,000 blocks/s
                progress.blocks("verifying", block, 1000);
            }
        }
        String[] draws = written().split("\r", -1);
        // Nothing before the first draw; the first block, then every 250th, then the last (drawn again).
        assertThat(draws[0]).isEmpty();
        assertThat(draws).hasSize(1 + 1 + 4);
        assertThat(draws[1].strip()).isEqualTo("verifying: 1 of 1,000 blocks (0%)");
        assertThat(draws[2].strip()).isEqualTo("verifying: 251 of 1,000 blocks (25%), 1,000 blocks/s, 1 s left");
        assertThat(draws[5]).isEqualTo("verifying: 1,000 of 1,000 blocks (100%), 1,000 blocks/s, done in 1 s\n");
    }

    @Test
    void aNewPhaseStartsANewLineAndAShorterLineCoversTheLongerOne() {
        try (TerminalProgress progress = new TerminalProgress(err, true, () -> now)) {
            progress.blocks("verifying", 1, 2);
            now += 1000 * MILLISECOND;
            progress.blocks("verifying", 2, 2);
            progress.blocks("writing", 1, -1);
        }
        String first = "verifying: 1 of 2 blocks (50%)";
        String second = "verifying: 2 of 2 blocks (100%), 1 blocks/s, done in 1 s";
        assertThat(written()).isEqualTo("\r" + first + "\r" + second + "\n" + "\rwriting: 1 blocks\n");
    }

    @Test
    void closeWithoutProgressWritesNothing() {
        new TerminalProgress(err, true, () -> now).close();
        assertThat(written()).isEmpty();
    }

    @Test
    void linesStateCountTotalRateAndTimeLeft() {
        long seconds = 1_000_000_000L;
        assertThat(TerminalProgress.line("exporting", 1200, 5000, 1200, 2 * seconds))
                .isEqualTo("exporting: 1,200 of 5,000 blocks (24%), 600 blocks/s, 6 s left");
        assertThat(TerminalProgress.line("exporting", 100, 100_000, 100, 10 * seconds))
                .isEqualTo("exporting: 100 of 100,000 blocks (0%), 10 blocks/s, 2 h 46 min left");
        assertThat(TerminalProgress.line("verifying", 42, -1, 42, seconds))
                .isEqualTo("verifying: 42 blocks, 42 blocks/s");
        assertThat(TerminalProgress.line("verifying", 0, 0, 0, 0)).isEqualTo("verifying: 0 of 0 blocks (100%)");
        assertThat(TerminalProgress.duration(125)).isEqualTo("2 min 05 s");
    }

    @Test
    void terminalDevicesAreTerminalsAndPipesAndFilesAreNot() {
        assertThat(TerminalProgress.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(TerminalProgress.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(TerminalProgress.isTerminalDevice("pipe:[123456]")).isFalse();
        assertThat(TerminalProgress.isTerminalDevice("/tmp/vellum.log")).isFalse();
        assertThat(TerminalProgress.isTerminalDevice("/dev/null")).isFalse();
    }
}
