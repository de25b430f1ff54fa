/**
 * The PartiQL front end: {@link io.vellum.engine.query.internal.syntax.Lexer}, the recursive-descent
 * {@link io.vellum.engine.query.internal.syntax.StatementParser}, and the immutable syntax trees it produces
 * ({@link io.vellum.engine.query.internal.syntax.Statement}, {@link io.vellum.engine.query.internal.syntax.Expression},
 * {@link io.vellum.engine.query.internal.syntax.SelectQuery}). Syntax errors are {@code PARSE_ERROR}s naming line,
 * column and what was expected; a parsed statement is immutable and may be cached and shared across threads.
 * Expression depth is checked without recursion, so hostile nesting cannot exhaust the stack.
 *
 * <p>Internal to the query layer: only {@code io.vellum.engine.query} and its {@code execution} package use it (the
 * server may not: its {@code ArchitectureTest}). May use ion-java, vellum-proof's error types and the query layer's
 * public values ({@code StatementLimits}); nothing of storage.
 */
package io.vellum.engine.query.internal.syntax;
