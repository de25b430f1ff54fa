package io.vellum.cluster;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The log lines printed while it is open. The tests' SLF4J binding (slf4j-simple, default settings) writes each line
 * to whatever {@code System.err} is at that moment, so this tees {@code System.err} into a buffer (the lines still
 * reach the console) and restores it on close. Lines of every thread are captured: filter by logger and text.
 */
final class CapturedLog implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    CapturedLog() {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                captured.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** The captured lines of logger {@code logger} (its full class name) that contain {@code text}. */
    List<String> lines(String logger, String text) {
        return captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(" " + logger + " - ") && line.contains(text)).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
