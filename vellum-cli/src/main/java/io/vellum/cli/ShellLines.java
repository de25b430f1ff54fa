package io.vellum.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/** Where the shell's input lines come from: a pipe or file, or a terminal with line editing ({@link TerminalLines}). */
interface ShellLines {
    /**
     * The next line (without its terminator), after showing {@code prompt} where there is someone to see it.
     *
     * @return the line, or null at the end of input (end of file, Ctrl-D)
     * @throws Interrupted when the user pressed Ctrl-C while typing
     */
    String read(String prompt) throws IOException;

    /**
     * Makes Ctrl-C call {@code handler} (on another thread) instead of ending the process, until the returned handle
     * is closed; null when these lines cannot (piped input: Ctrl-C there ends the process as usual).
     */
    default Interrupts onInterrupt(Runnable handler) {
        return null;
    }

    /** A Ctrl-C handler in place; closing it restores the previous one. */
    interface Interrupts extends AutoCloseable {
        @Override
        void close();
    }

    /** Ctrl-C while typing: what had been typed on the line, which the shell drops. */
    final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String partialLine;

        Interrupted(String partialLine) {
            super("interrupted", null, false, false);
            this.partialLine = partialLine == null ? "" : partialLine;
        }

        /** The text on the line when Ctrl-C was pressed; empty when the line was empty. */
        String partialLine() {
            return partialLine;
        }
    }

    /** Lines from a reader: piped input, or a console without line editing; prompts go to {@code prompts} if given. */
    static ShellLines of(BufferedReader reader, PrintStream prompts) {
        return prompt -> {
            if (prompts != null) {
                prompts.print(prompt);
                prompts.flush();
            }
            return reader.readLine();
        };
    }
}
