/**
 * The PartiQL query layer: {@link io.vellum.engine.query.QueryEngine} runs QLDB's dialect (COMPATIBILITY.md §10.2) against one
 * transaction through {@link io.vellum.engine.query.QueryContext}, its only view of storage.
 *
 * <h2>Dialect decisions (where QLDB's documentation is silent)</h2>
 * <ul>
 *   <li>Keywords are case-insensitive; table names, field names and variables are case-sensitive, quoted or not.
 *       Keywords are "soft": only clause words (SELECT, FROM, WHERE, AND, JOIN, SET, ORDER, …) are reserved, so
 *       fields such as {@code name}, {@code status}, {@code value} or {@code count} work. New tables follow QLDB's
 *       naming rule ({@link io.vellum.engine.query.TableNameRule}), quoted or not.</li>
 *   <li>Nesting, number range, rows and result size of one statement are bounded
 *       ({@link io.vellum.engine.query.StatementLimits}).</li>
 *   <li>Evaluation is PartiQL's permissive mode: a path that does not apply is MISSING; MISSING projections are
 *       omitted; comparing values of different kinds is false; a non-number in arithmetic is MISSING; a WHERE keeps a
 *       row only when the condition is true. Division by zero is an INVALID_REQUEST, not a silent MISSING.</li>
 *   <li>Equality compares numbers across int / decimal / float, strings with symbols, timestamps by instant; an index
 *       lookup, however, matches whole Ion values as the index stores them (COMPATIBILITY.md §10.2), so {@code x.a = 1} through
 *       an index does not find a document whose {@code a} is {@code 1.0}; a scan does.</li>
 *   <li>An index is used only when its status is {@code ONLINE}; equality on the BY id (or {@code metadata.id} of the
 *       committed view / history) is preferred to an index; null / MISSING keys read nothing, as they match nothing.</li>
 *   <li>Bags are represented as Ion lists. {@code FROM} over a non-collection iterates that one value; over MISSING,
 *       nothing.</li>
 *   <li>UPDATE evaluates every right-hand side against the document as it was before the statement, then applies the
 *       changes in order. SET creates missing or null intermediate structs but never lists; SET to MISSING removes the
 *       field; REMOVE of an absent path changes nothing but still writes a revision, as every matched document does.</li>
 *   <li>{@code INSERT INTO path VALUE v [AT n]} (FROM-style DML) adds to an existing list or s-expression (at
 *       position {@code n}) or, with {@code AT 'name'}, a new field of an existing struct.</li>
 *   <li>{@code history(T, start, end)} returns revisions active at some instant of {@code [start, end]}: a revision is
 *       active from its {@code txTime} until the next revision of the same document; with only a start, the end is
 *       the transaction's time. A table name addresses active tables only; a dropped one needs its id string.</li>
 *   <li>Aggregates (COUNT, SUM, MIN, MAX, AVG, with DISTINCT) work over all rows; GROUP BY and HAVING are refused.
 *       ORDER BY (PartiQL's total order, NULLS FIRST/LAST), LIMIT, OFFSET and SELECT DISTINCT are supported.</li>
 *   <li>{@code EXEC redact_revision} redacts an earlier revision (rules and erasure: {@code engine.internal.redaction.RevisionRedaction}, {@code JournalRedactor}).</li>
 * </ul>
 */
package io.vellum.engine.query;
