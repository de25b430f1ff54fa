package io.vellum.engine.query.internal.syntax;

import java.util.Locale;

/**
 * One lexical token with the position of its first character.
 *
 * @param type   the lexical class
 * @param text   the token's text (for quoted forms, the unquoted, unescaped content)
 * @param line   1-based line of the first character
 * @param column 1-based column (in Unicode code points) of the first character
 */
public record Token(TokenType type, String text, int line, int column) {

    /** Whether this is the unquoted word {@code keyword}, compared case-insensitively. */
    public boolean isKeyword(String keyword) {
        return type == TokenType.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Whether this is the operator or punctuation mark {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return type == TokenType.SYMBOL && text.equals(symbol);
    }

    /** How an error message shows this token: quoted text, or "end of statement". */
    public String describe() {
        return switch (type) {
            case END -> "end of statement";
            case STRING -> "string '" + text + "'";
            case QUOTED_IDENTIFIER -> "identifier \"" + text + "\"";
            case ION -> "Ion literal `" + text + "`";
            case PARAMETER -> "parameter '?'";
            default -> "'" + text + "'";
        };
    }

    /** The word in lower case, for keyword dispatch. */
    public String lowerText() {
        return text.toLowerCase(Locale.ROOT);
    }
}
