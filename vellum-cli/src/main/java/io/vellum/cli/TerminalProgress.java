package io.vellum.cli;

import io.vellum.engine.export.BlockProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work ({@code export}, {@code import}, {@code verify-export}) as one line on standard error that
 * is redrawn in place: {@code verifying: 1,200 of 5,000 blocks (24%), 850 blocks/s, 4 s left}. Only on a terminal:
 * when standard error is piped or redirected nothing is written at all, so scripts and logs see only the results.
 *
 * <p>The line is redrawn at most every {@value #REDRAW_MILLIS} ms of the injected clock, and always at a phase's
 * last block; a new phase, and {@link #close()}, end the line with a newline so the results start on their own.
 * Used from one thread at a time.
 */
final class TerminalProgress implements BlockProgress, AutoCloseable {
    static final long REDRAW_MILLIS = 250;

    private final PrintStream err;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private String phase;
    private long phaseStart;
    private long phaseStartDone;
    private long lastDrawn;
    private int drawnWidth;

    /**
     * @param err      where the line goes
     * @param terminal whether {@code err} is a terminal; when not, nothing is ever written
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own)
     */
    TerminalProgress(PrintStream err, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /** Progress on {@code System.err}, shown only when standard error is a terminal. */
    static TerminalProgress onStandardError() {
        return new TerminalProgress(System.err, standardErrorIsTerminal(), System::nanoTime);
    }

    /**
     * Whether standard error is a terminal. On Linux, where file descriptor 2 points ({@code /dev/pts/N},
     * {@code /dev/ttyN}: a terminal; a pipe or a file: not). Elsewhere Java 17 can only tell whether standard input
     * and output are both terminals ({@link System#console()}), which is the best guess left.
     */
    static boolean standardErrorIsTerminal() {
        Path descriptor = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(descriptor)) {
                return isTerminalDevice(Files.readSymbolicLink(descriptor).toString());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Fall through to the portable guess.
        }
        return System.console() != null;
    }

    /** Whether a device path names a terminal: a pseudo-terminal or a console. */
    static boolean isTerminalDevice(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
    }

    @Override
    public void blocks(String phase, long done, long total) {
        if (!terminal) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!phase.equals(this.phase)) {
            endLine();
            this.phase = phase;
            phaseStart = now;
            phaseStartDone = done;
            lastDrawn = Long.MIN_VALUE;
        }
        boolean last = total >= 0 && done >= total;
        if (!last && lastDrawn != Long.MIN_VALUE && now - lastDrawn < REDRAW_MILLIS * 1_000_000L) {
            return;
        }
        lastDrawn = now;
        String line = line(phase, done, total, done - phaseStartDone, now - phaseStart);
        // Spaces over what is left of a longer previous line, then back to the line's start.
        String padding = " ".repeat(Math.max(0, drawnWidth - line.length()));
        err.print("\r" + line + padding);
        err.flush();
        drawnWidth = line.length();
    }

    /** Ends the progress line (if one was drawn), so that what follows starts on a line of its own. */
    @Override
    public void close() {
        endLine();
        phase = null;
    }

    private void endLine() {
        if (drawnWidth > 0) {
            err.println();
            err.flush();
            drawnWidth = 0;
        }
    }

    /**
     * One progress line: {@code <phase>: <done> of <total> blocks (<percent>%), <rate> blocks/s, <left> left}; with an
     * unknown total ({@code -1}) only the count and rate; the rate and time left once some time has passed.
     *
     * @param counted      blocks handled in {@code elapsedNanos} (the rate is measured from the first block shown)
     * @param elapsedNanos time since the phase's first block was shown
     */
    static String line(String phase, long done, long total, long counted, long elapsedNanos) {
        StringBuilder line = new StringBuilder(phase).append(": ").append(String.format(Locale.ROOT, "%,d", done));
        if (total >= 0) {
            line.append(String.format(Locale.ROOT, " of %,d blocks (%d%%)", total,
                    total == 0 ? 100 : Math.min(100, done * 100 / total)));
        } else {
            line.append(" blocks");
        }
        if (elapsedNanos > 0 && counted > 0) {
            double perSecond = counted * 1e9 / elapsedNanos;
            line.append(String.format(Locale.ROOT, ", %,.0f blocks/s", perSecond));
            if (total > done) {
                line.append(", ").append(duration(Math.round((total - done) / perSecond))).append(" left");
            } else if (total >= 0) {
                line.append(", done in ").append(duration(Math.round(elapsedNanos / 1e9)));
            }
        }
        return line.toString();
    }

    /** {@code 4 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
