package io.vellum.engine.query.internal.syntax;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits PartiQL statement text into tokens, dropping whitespace and {@code --} / {@code /* *\/} comments.
 *
 * <p>Positions are 1-based lines and columns counted in Unicode code points, so a statement containing
 * {@code 'é中😀'} still reports the column a person sees. Stateless apart from the text being scanned; one
 * instance per statement.
 */
public final class Lexer {
    /** Operators and punctuation, longest first so that {@code <=} wins over {@code <}. */
    private static final String[] SYMBOLS = {
        "<<", ">>", "<=", ">=", "<>", "!=", "||",
        "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "*", "+", "-", "/", "%", "=", "<", ">", "@"
    };

    private final String text;
    private int offset;
    private int line = 1;
    private int lineStart;

    private Lexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, ending with one {@link TokenType#END} token. */
    public static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    /** The exception for a syntax error at a position; the message starts with "line L, column C". */
    public static LedgerException parseError(int line, int column, String message) {
        return new LedgerException(ErrorCode.PARSE_ERROR, "Syntax error at line " + line + ", column " + column + ": "
            + message);
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespaceAndComments();
            if (offset >= text.length()) {
                tokens.add(new Token(TokenType.END, "", line, column(offset)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = offset;
        int startLine = line;
        int startColumn = column(start);
        char c = text.charAt(offset);
        if (isWordStart(c)) {
            while (offset < text.length() && isWordPart(text.charAt(offset))) {
                offset++;
            }
            return new Token(TokenType.WORD, text.substring(start, offset), startLine, startColumn);
        }
        if ((c >= '0' && c <= '9')
            || (c == '.' && offset + 1 < text.length() && Character.isDigit(text.charAt(offset + 1)))) {
            return number(startLine, startColumn);
        }
        switch (c) {
            case '\'':
                return new Token(TokenType.STRING, quoted('\'', "string literal"), startLine, startColumn);
            case '"':
                return new Token(TokenType.QUOTED_IDENTIFIER, quoted('"', "quoted identifier"), startLine, startColumn);
            case '`':
                return new Token(TokenType.ION, ionLiteral(startLine, startColumn), startLine, startColumn);
            case '?':
                offset++;
                return new Token(TokenType.PARAMETER, "?", startLine, startColumn);
            default:
                for (String symbol : SYMBOLS) {
                    if (text.startsWith(symbol, offset)) {
                        offset += symbol.length();
                        return new Token(TokenType.SYMBOL, symbol, startLine, startColumn);
                    }
                }
                throw parseError(startLine, startColumn, "unexpected character '" + Character.toString(text.codePointAt(offset))
                    + "'");
        }
    }

    private Token number(int startLine, int startColumn) {
        int start = offset;
        TokenType type = TokenType.INTEGER;
        digits();
        // "5.", ".5" and "5.25" are decimals; "5.name" stays an integer followed by a path step.
        if (offset < text.length() && text.charAt(offset) == '.'
            && (offset + 1 >= text.length() || !isWordStart(text.charAt(offset + 1))
                || text.charAt(offset + 1) == 'e' || text.charAt(offset + 1) == 'E')) {
            offset++;
            digits();
            type = TokenType.DECIMAL;
        }
        if (offset < text.length() && (text.charAt(offset) == 'e' || text.charAt(offset) == 'E')) {
            int exponentStart = offset;
            offset++;
            if (offset < text.length() && (text.charAt(offset) == '+' || text.charAt(offset) == '-')) {
                offset++;
            }
            if (offset >= text.length() || !Character.isDigit(text.charAt(offset))) {
                throw parseError(startLine, column(exponentStart), "expected digits of the exponent in number '"
                    + text.substring(start, offset) + "'");
            }
            digits();
            type = TokenType.FLOAT;
        }
        if (offset < text.length() && isWordStart(text.charAt(offset))) {
            throw parseError(line, column(offset), "unexpected character '" + text.charAt(offset) + "' after number '"
                + text.substring(start, offset) + "'");
        }
        return new Token(type, text.substring(start, offset), startLine, startColumn);
    }

    private void digits() {
        while (offset < text.length() && Character.isDigit(text.charAt(offset))) {
            offset++;
        }
    }

    /** Reads a quoted token whose quote character is escaped by doubling it. */
    private String quoted(char quote, String what) {
        int startLine = line;
        int startColumn = column(offset);
        StringBuilder content = new StringBuilder();
        offset++;
        while (true) {
            if (offset >= text.length()) {
                throw parseError(startLine, startColumn, "unterminated " + what);
            }
            char c = text.charAt(offset);
            if (c == quote) {
                if (offset + 1 < text.length() && text.charAt(offset + 1) == quote) {
                    content.append(quote);
                    offset += 2;
                    continue;
                }
                offset++;
                return content.toString();
            }
            advanceOver(c);
            content.append(c);
        }
    }

    /**
     * Reads the Ion text between backticks. Ion strings, quoted symbols and comments inside may contain a backtick,
     * so they are skipped as units rather than searched for the closing one.
     */
    private String ionLiteral(int startLine, int startColumn) {
        offset++;
        int contentStart = offset;
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (c == '`') {
                String content = text.substring(contentStart, offset);
                offset++;
                return content;
            }
            if (text.startsWith("'''", offset)) {
                skipIonQuoted("'''", startLine, startColumn);
            } else if (c == '"' || c == '\'') {
                skipIonQuoted(String.valueOf(c), startLine, startColumn);
            } else if (text.startsWith("//", offset)) {
                while (offset < text.length() && text.charAt(offset) != '\n' && text.charAt(offset) != '`') {
                    offset++;
                }
            } else if (text.startsWith("/*", offset)) {
                int end = text.indexOf("*/", offset + 2);
                if (end < 0) {
                    break;
                }
                while (offset < end + 2) {
                    advanceOver(text.charAt(offset));
                }
            } else {
                advanceOver(c);
            }
        }
        throw parseError(startLine, startColumn, "unterminated Ion literal (missing closing '`')");
    }

    private void skipIonQuoted(String quote, int startLine, int startColumn) {
        offset += quote.length();
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (c == '\\' && offset + 1 < text.length()) {
                offset += 2;
                continue;
            }
            if (text.startsWith(quote, offset)) {
                offset += quote.length();
                return;
            }
            advanceOver(c);
        }
        throw parseError(startLine, startColumn, "unterminated Ion literal (unclosed " + quote + " inside it)");
    }

    private void skipWhitespaceAndComments() {
        while (offset < text.length()) {
            char c = text.charAt(offset);
            if (Character.isWhitespace(c)) {
                advanceOver(c);
            } else if (text.startsWith("--", offset)) {
                while (offset < text.length() && text.charAt(offset) != '\n') {
                    offset++;
                }
            } else if (text.startsWith("/*", offset)) {
                int startLine = line;
                int startColumn = column(offset);
                int end = text.indexOf("*/", offset + 2);
                if (end < 0) {
                    throw parseError(startLine, startColumn, "unterminated comment (missing '*/')");
                }
                while (offset < end + 2) {
                    advanceOver(text.charAt(offset));
                }
            } else {
                return;
            }
        }
    }

    /** Moves past one character, keeping line bookkeeping right for newlines inside any construct. */
    private void advanceOver(char c) {
        offset++;
        if (c == '\n') {
            line++;
            lineStart = offset;
        }
    }

    private int column(int position) {
        return text.codePointCount(lineStart, position) + 1;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
