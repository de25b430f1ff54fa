/**
 * Planning and running parsed statements: the {@link io.vellum.engine.query.internal.execution.Planner} turns a
 * statement into an immutable, shareable {@link io.vellum.engine.query.internal.execution.StatementPlan} (checks that
 * need no data, and the access path of every table source: document id, index, or scan), and the
 * {@link io.vellum.engine.query.internal.execution.StatementRunner} executes it against one transaction: SELECT
 * (nested-loop joins, filters, aggregates, ordering, paging), DML, DDL, and PartiQL's permissive evaluation
 * (functions, arithmetic, comparisons, CAST, LIKE) within {@link io.vellum.engine.query.StatementLimits}.
 *
 * <p>Internal to the query layer. Storage is reached only through {@link io.vellum.engine.query.QueryContext}
 * (the engine's {@code ArchitectureTest} forbids {@code journal}, {@code store}, {@code internal} and
 * {@code catalog} here). May use ion-java, vellum-proof, the {@code syntax} package and the query layer's public
 * types.
 */
package io.vellum.engine.query.internal.execution;
