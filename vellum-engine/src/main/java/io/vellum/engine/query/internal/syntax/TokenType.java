package io.vellum.engine.query.internal.syntax;

/** The lexical classes of PartiQL statement text. */
public enum TokenType {
    /** An unquoted word: a keyword or an identifier, depending on where it stands (keywords are soft). */
    WORD,
    /** A double-quoted identifier; its text has the quotes removed and {@code ""} unescaped. */
    QUOTED_IDENTIFIER,
    /** A single-quoted string literal; its text has the quotes removed and {@code ''} unescaped. */
    STRING,
    /** An integer literal such as {@code 42}. */
    INTEGER,
    /** A decimal literal such as {@code 4.25}. */
    DECIMAL,
    /** A literal with an exponent such as {@code 1e3}: an Ion float. */
    FLOAT,
    /** The Ion text between backticks, backticks removed. */
    ION,
    /** A positional parameter {@code ?}. */
    PARAMETER,
    /** An operator or punctuation mark such as {@code <=}, {@code <<} or {@code (}. */
    SYMBOL,
    /** The end of the statement text. */
    END
}
