package io.vellum.server.session;

import com.amazon.ion.IonValue;
import io.vellum.server.http.InputLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SendCommand body of the compact shape the QLDB drivers' SDK sends ({@code {"SessionToken":"…",
 * "ExecuteStatement":{"TransactionId":"…","Statement":"…","Parameters":[{"IonBinary":"…"}]}}}: no whitespace between
 * tokens, the token first, strings of printable ASCII without escapes, parameters as {@code IonBinary}) by hand,
 * without a Jackson parser per request.
 *
 * <p>A fast path, not a second parser: {@link #parse} returns {@code null} for any body outside that shape
 * (whitespace, escapes, non-ASCII bytes, nulls, numbers, unknown or repeated members, {@code IonText}, another member
 * order at the top, ...), and {@link CommandParser} then parses it with Jackson exactly as before. A body it does
 * take is well-formed JSON without repeated members, so Jackson would have raised no JSON error on it; the members
 * are then checked and converted by {@link CommandParser}'s own methods in document order, as its Jackson loop
 * does, so the command and every refusal (its order and its message) are those of the Jackson path. Stateless and
 * thread-safe.
 */
final class CompactCommand {
    private static final byte[] TOKEN_MEMBER = ascii("\"SessionToken\":\"");
    private static final byte[] ION_BINARY_MEMBER = ascii("{\"IonBinary\":\"");

    private CompactCommand() {
    }

    /** The command of {@code body}, or {@code null} when the body is not of the compact shape. */
    static SessionCommand parse(byte[] body) {
        if (body.length > InputLimits.MAXIMUM_STRING_LENGTH) {
            return null; // a string could be longer than Jackson takes
        }
        for (byte b : body) {
            // Printable ASCII only: no escapes, no control characters, nothing for the UTF-8 checks to find.
            if (b < 0x20 || b > 0x7E || b == '\\') {
                return null;
            }
        }
        Cursor at = new Cursor(body);
        if (!at.skip('{')) {
            return null;
        }
        int tokenStart = -1;
        int tokenEnd = -1;
        if (at.skip(TOKEN_MEMBER)) {
            tokenStart = at.position;
            tokenEnd = at.closingQuote();
            if (tokenEnd < 0 || !at.skip(',')) {
                return null;
            }
        }
        String command = at.memberName();
        if (command == null || !CommandParser.isCommand(command) || !at.skip('{')) {
            return null;
        }
        Spans spans = new Spans();
        if (!at.skip('}')) {
            do {
                if (!member(at, command, spans)) {
                    return null;
                }
            } while (at.skip(','));
            if (!at.skip('}')) {
                return null;
            }
        }
        if (!at.skip('}') || at.position != body.length) {
            return null;
        }
        return convert(body, command, tokenStart < 0 ? null : text(body, tokenStart, tokenEnd), spans);
    }

    /** Reads one member of the command object into {@code spans}; false when it is outside the shape. */
    private static boolean member(Cursor at, String command, Spans spans) {
        String field = at.memberName();
        if (field == null) {
            return false;
        }
        CommandParser.Member member = CommandParser.member(command, field);
        if (member == CommandParser.Member.UNKNOWN || spans.has(member)) {
            return false; // Jackson's refusals (unknown, repeated member) stay Jackson's
        }
        spans.order[spans.count++] = member;
        if (member == CommandParser.Member.PARAMETERS) {
            if (!at.skip('[')) {
                return false;
            }
            spans.parameters = new ArrayList<>();
            if (at.skip(']')) {
                return true;
            }
            do {
                if (!at.skip(ION_BINARY_MEMBER)) {
                    return false;
                }
                int start = at.position;
                int end = at.closingQuote();
                if (end < 0 || !at.skip('}')) {
                    return false;
                }
                spans.parameters.add(new int[] {start, end});
            } while (at.skip(','));
            return at.skip(']');
        }
        if (!at.skip('"')) {
            return false;
        }
        int start = at.position;
        int end = at.closingQuote();
        if (end < 0) {
            return false;
        }
        spans.strings[member.ordinal()] = new int[] {start, end};
        return true;
    }

    /** The members converted and checked in document order, as {@link CommandParser}'s Jackson loop does. */
    private static SessionCommand convert(byte[] body, String command, String token, Spans spans) {
        CommandParser.Members members = new CommandParser.Members();
        for (int i = 0; i < spans.count; i++) {
            CommandParser.Member member = spans.order[i];
            if (member == CommandParser.Member.PARAMETERS) {
                List<IonValue> parameters = new ArrayList<>(spans.parameters.size());
                for (int[] span : spans.parameters) {
                    parameters.add(CommandParser.binaryParameter(text(body, span[0], span[1]), parameters.size()));
                }
                members.parameters = parameters;
            } else {
                int[] span = spans.strings[member.ordinal()];
                CommandParser.assign(members, member, text(body, span[0], span[1]));
            }
        }
        return CommandParser.build(command, token, members);
    }

    /** {@code body[start, end)}, printable ASCII, as text. */
    private static String text(byte[] body, int start, int end) {
        return new String(body, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where each member's string is in the body, and the members in document order. */
    private static final class Spans {
        final CommandParser.Member[] order = new CommandParser.Member[CommandParser.Member.values().length];
        final int[][] strings = new int[CommandParser.Member.values().length][];
        List<int[]> parameters;
        int count;

        boolean has(CommandParser.Member member) {
            for (int i = 0; i < count; i++) {
                if (order[i] == member) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A position in the body and the few tokens of the shape. */
    private static final class Cursor {
        private final byte[] body;
        int position;

        Cursor(byte[] body) {
            this.body = body;
        }

        boolean skip(char expected) {
            if (position < body.length && body[position] == expected) {
                position++;
                return true;
            }
            return false;
        }

        boolean skip(byte[] expected) {
            if (body.length - position < expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (body[position + i] != expected[i]) {
                    return false;
                }
            }
            position += expected.length;
            return true;
        }

        /** The index of the quote that ends the string the position is in, the position moved past it; or -1. */
        int closingQuote() {
            for (int i = position; i < body.length; i++) {
                if (body[i] == '"') {
                    position = i + 1;
                    return i;
                }
            }
            return -1;
        }

        /** {@code "name":} at the position, its name; or null. */
        String memberName() {
            if (!skip('"')) {
                return null;
            }
            int start = position;
            int end = closingQuote();
            if (end < 0 || !skip(':')) {
                return null;
            }
            return CompactCommand.text(body, start, end);
        }
    }
}
