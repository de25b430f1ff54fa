package io.vellum.cli;

import io.vellum.engine.files.OwnerOnlyFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell's lines from a terminal, with JLine: line editing, history kept across runs in an owner-only file
 * (statements may hold data), completion of backslash commands and table names. Ctrl-C is reported as
 * {@link ShellLines.Interrupted}, Ctrl-D on an empty line as the end of input; while a statement runs, Ctrl-C goes
 * to {@link #onInterrupt} (JLine's signal handling) instead of ending the process.
 */
final class TerminalLines implements ShellLines, Closeable {
    /** The shell's backslash commands, completed after a {@code \}. */
    static final List<String> COMMANDS = List.of("\\begin", "\\commit", "\\abort", "\\digest", "\\revision",
            "\\block", "\\verify", "\\help", "\\quit");

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalLines(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /**
     * Opens the terminal (JLine's JNI provider, else its exec provider; never FFM, which needs Java 22).
     *
     * @param history     the history file (created owner-only), or null to keep no history
     * @param tableNames  the ledger's table names now, for completion
     */
    static TerminalLines open(Path history, Supplier<List<String>> tableNames) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).ffm(false).jni(true).exec(true).jna(false)
                .jansi(false).build();
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // a backslash starts a command; it escapes nothing
        parser.setQuoteChars(new char[0]); // statements are PartiQL, not shell words: no quote pairing to wait for
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("vellum").parser(parser)
                .completer((lineReader, line, candidates) -> {
                    String word = line.word();
                    if (word.startsWith("\\")) {
                        COMMANDS.forEach(command -> candidates.add(new Candidate(command)));
                    } else {
                        tableNames.get().forEach(name -> candidates.add(new Candidate(name)));
                    }
                })
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is PartiQL's, not history's
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000);
        if (history != null && ownerOnlyFile(history)) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        return new TerminalLines(terminal, builder.build());
    }

    /** Creates {@code file} 0600 when absent (and narrows it when present); false when it cannot be used. */
    private static boolean ownerOnlyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                OwnerOnlyFiles.createFile(file);
            }
            OwnerOnlyFiles.restrict(file);
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // no history is better than no shell
        }
    }

    @Override
    public String read(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            throw new Interrupted(e.getPartialLine());
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public Interrupts onInterrupt(Runnable handler) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> handler.run());
        return () -> terminal.handle(Terminal.Signal.INT, previous);
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            terminal.close();
        }
    }
}
