package io.vellum.engine.query.internal.syntax;

import io.vellum.error.LedgerException;
import java.util.List;
import java.util.Set;

/**
 * A position in a token list with the look-ahead and expectation helpers the recursive-descent parsers share.
 *
 * <p>Keywords are soft: the lexer returns every word as {@link TokenType#WORD}, and only the words in
 * {@link #RESERVED} are refused where a name is expected. That keeps names such as {@code name}, {@code status},
 * {@code value} or {@code table} usable as fields and tables, as QLDB applications do.
 */
abstract class TokenCursor {
    /** Words that start or separate clauses, so they can never be a bare name or an implicit alias. */
    static final Set<String> RESERVED = Set.of(
        "select", "from", "where", "and", "or", "not", "in", "is", "like", "between", "as", "at", "by", "join",
        "inner", "cross", "left", "right", "full", "outer", "on", "set", "remove", "insert", "into", "order",
        "group", "having", "limit", "offset", "union", "intersect", "except", "when", "then", "else", "end", "case",
        "distinct", "escape", "null", "missing", "true", "false", "delete", "update", "exists", "cast", "asc", "desc",
        "nulls", "with", "exec");

    private final List<Token> tokens;
    private int position;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    final Token peek() {
        return tokens.get(position);
    }

    /** The token {@code ahead} places after the current one (the END token when past the end). */
    final Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    final Token advance() {
        Token token = tokens.get(position);
        if (token.type() != TokenType.END) {
            position++;
        }
        return token;
    }

    final boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    final boolean atSymbol(String symbol) {
        return peek().isSymbol(symbol);
    }

    final boolean acceptKeyword(String keyword) {
        if (atKeyword(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    final boolean acceptSymbol(String symbol) {
        if (atSymbol(symbol)) {
            advance();
            return true;
        }
        return false;
    }

    final Token expectKeyword(String keyword) {
        if (!atKeyword(keyword)) {
            throw unexpected(keyword.toUpperCase(java.util.Locale.ROOT));
        }
        return advance();
    }

    final Token expectSymbol(String symbol) {
        if (!atSymbol(symbol)) {
            throw unexpected("'" + symbol + "'");
        }
        return advance();
    }

    /** Whether the current token can be a bare name: a non-reserved word or a quoted identifier. */
    final boolean atName() {
        Token token = peek();
        return token.type() == TokenType.QUOTED_IDENTIFIER
            || (token.type() == TokenType.WORD && !RESERVED.contains(token.lowerText()));
    }

    /** Reads a name (table, alias, field); {@code what} says in the error message what was expected. */
    final String expectName(String what) {
        if (!atName()) {
            throw unexpected(what);
        }
        return advance().text();
    }

    /** A PARSE_ERROR at the current token: "expected {@code expected} but found …". */
    final LedgerException unexpected(String expected) {
        Token token = peek();
        return Lexer.parseError(token.line(), token.column(), "expected " + expected + " but found " + token.describe());
    }

    /** A PARSE_ERROR at {@code token} with a free-form message. */
    static LedgerException errorAt(Token token, String message) {
        return Lexer.parseError(token.line(), token.column(), message);
    }
}
