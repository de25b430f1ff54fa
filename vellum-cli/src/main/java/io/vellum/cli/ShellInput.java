package io.vellum.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the shell's input lines into statements and backslash commands. A statement ends at a {@code ;} that is
 * outside a string ({@code '…'}), a quoted identifier ({@code "…"}), an Ion literal ({@code `…`}) and a comment
 * ({@code -- …} to the end of the line, {@code /* … *}{@code /}), so one line may hold several statements and one
 * statement may span lines. A line starting with {@code \} outside a string or comment is a command, also while a
 * statement is pending (which then waits for its end); {@code exit} or {@code quit} alone, with no statement pending,
 * is {@code \quit}. Not thread-safe.
 */
final class ShellInput {
    /** One complete piece of input: a statement (without its {@code ;}) or a command line. */
    record Item(boolean command, String text) {
    }

    /** The command {@code exit} and {@code quit} stand for. */
    static final String QUIT = "\\quit";
    /** What users of other shells type to leave (psql, mysql, sqlite3, python): quit, not a statement. */
    private static final java.util.Set<String> QUIT_WORDS = java.util.Set.of("exit", "quit", "exit;", "quit;");

    private enum Quote { NONE, SINGLE, DOUBLE, BACKTICK, BLOCK_COMMENT }

    private final StringBuilder pending = new StringBuilder();
    private Quote quote = Quote.NONE;

    /** Feeds one line (without its line terminator); returns the items it completed, in order. */
    List<Item> feed(String line) {
        List<Item> items = new ArrayList<>();
        String trimmed = line.trim();
        if (quote == Quote.NONE && trimmed.startsWith("\\")) {
            // Also on a continuation line: no PartiQL line starts with a backslash outside a string, and a user in
            // the middle of a statement must be able to \quit or \help. The pending statement waits.
            items.add(new Item(true, trimmed));
            return items;
        }
        if (!hasPending() && QUIT_WORDS.contains(trimmed.toLowerCase(java.util.Locale.ROOT))) {
            items.add(new Item(true, QUIT));
            return items;
        }
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
            switch (quote) {
                case NONE -> {
                    if (c == '\'') {
                        quote = Quote.SINGLE;
                    } else if (c == '"') {
                        quote = Quote.DOUBLE;
                    } else if (c == '`') {
                        quote = Quote.BACKTICK;
                    } else if (c == '/' && next == '*') {
                        quote = Quote.BLOCK_COMMENT;
                        i++;
                    } else if (c == '-' && next == '-') {
                        i = line.length(); // the rest of the line is a comment
                    } else if (c == ';') {
                        pending.append(line, start, i);
                        start = i + 1;
                        String statement = pending.toString().trim();
                        pending.setLength(0);
                        if (!isBlank(statement)) {
                            items.add(new Item(false, statement));
                        }
                    }
                }
                // A doubled quote inside a string or quoted identifier is an escaped quote, not its end: the first
                // closes and the second reopens, which leaves the state right.
                case SINGLE -> quote = c == '\'' ? Quote.NONE : quote;
                case DOUBLE -> quote = c == '"' ? Quote.NONE : quote;
                case BACKTICK -> quote = c == '`' ? Quote.NONE : quote;
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        quote = Quote.NONE;
                        i++;
                    }
                }
            }
        }
        pending.append(line, start, line.length()).append('\n');
        if (quote == Quote.NONE && isBlank(pending.toString())) {
            pending.setLength(0);
        }
        return items;
    }

    /** Drops the statement being typed (Ctrl-C). */
    void reset() {
        pending.setLength(0);
        quote = Quote.NONE;
    }

    /** Whether a statement has begun and not yet ended. */
    boolean hasPending() {
        return pending.length() > 0;
    }

    /** At the end of input: the unfinished statement (run as if it ended with {@code ;}), or null when none. */
    Item finish() {
        String statement = pending.toString().trim();
        pending.setLength(0);
        quote = Quote.NONE;
        return isBlank(statement) ? null : new Item(false, statement);
    }

    /** Blank, or only comments: nothing to run. */
    private static boolean isBlank(String text) {
        String rest = text.strip();
        while (!rest.isEmpty()) {
            if (rest.startsWith("--")) {
                int end = rest.indexOf('\n');
                rest = end < 0 ? "" : rest.substring(end + 1).strip();
            } else if (rest.startsWith("/*")) {
                int end = rest.indexOf("*/", 2);
                if (end < 0) {
                    return false; // an unclosed comment: the parser says where
                }
                rest = rest.substring(end + 2).strip();
            } else {
                return false;
            }
        }
        return true;
    }
}
