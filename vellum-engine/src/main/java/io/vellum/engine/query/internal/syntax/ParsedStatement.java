package io.vellum.engine.query.internal.syntax;

/**
 * A statement as parsed, with the number of positional parameters it expects.
 *
 * @param statement      the syntax tree
 * @param parameterCount how many {@code ?} the text contains
 */
public record ParsedStatement(Statement statement, int parameterCount) {
}
