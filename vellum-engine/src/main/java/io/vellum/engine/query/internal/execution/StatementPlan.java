package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import io.vellum.engine.query.internal.syntax.Statement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A statement ready to execute: its syntax tree plus the access-path analysis, with parameters still unbound.
 * Immutable and shared by every thread that runs the same statement text (the engine caches it).
 *
 * @param action         what the statement does
 * @param parameterCount how many positional parameters it needs
 * @param subqueries     the plan of every subquery, keyed by the identity of its syntax node
 */
public record StatementPlan(Action action, int parameterCount, Map<SelectQuery, QueryPlan> subqueries) {
    public StatementPlan {
        subqueries = Collections.unmodifiableMap(new IdentityHashMap<>(subqueries));
    }

    /** The planned work of a statement. */
    sealed interface Action {
    }

    /** CREATE / DROP / UNDROP: executed as written. */
    record Definition(Statement statement) implements Action {
    }

    /** INSERT INTO table. */
    record InsertDocuments(String table, Expression documents, boolean single) implements Action {
    }

    /** SELECT. */
    record Query(QueryPlan plan) implements Action {
    }

    /**
     * UPDATE / FROM-style DML ({@code operations} non-empty) or DELETE ({@code operations} empty).
     *
     * @param source     the table source with its access candidates
     * @param where      the filter
     * @param operations the changes, with target paths made relative to the document
     */
    record Modify(SourcePlan source, Optional<Expression> where, List<PlannedOperation> operations,
                  Optional<NestedPlan> nested) implements Action {
        Modify {
            operations = List.copyOf(operations);
        }

        Modify(SourcePlan source, Optional<Expression> where, List<PlannedOperation> operations) {
            this(source, where, operations, Optional.empty());
        }
    }

    /**
     * The nested collection a FROM-style DML statement ranges over in each document: its steps from the document
     * root, the name its elements are bound to, and the name their position is bound to (the AT name, or a hidden one
     * that paths rooted at the element use as their index step).
     */
    record NestedPlan(List<io.vellum.engine.query.internal.syntax.PathStep> steps, String alias, String positionName) {
        NestedPlan {
            steps = List.copyOf(steps);
        }
    }

    /** EXEC procedure. */
    record Procedure(String name, List<Expression> arguments) implements Action {
    }

    /** One SET / REMOVE / INSERT INTO with its path relative to the document root. */
    sealed interface PlannedOperation {
        DocumentPath path();
    }

    /** SET path = value. */
    record SetOperation(DocumentPath path, Expression value) implements PlannedOperation {
    }

    /** REMOVE path. */
    record RemoveOperation(DocumentPath path) implements PlannedOperation {
    }

    /** INSERT INTO path VALUE value [AT position]. */
    record InsertOperation(DocumentPath path, Expression value, Optional<Expression> position) implements PlannedOperation {
    }

    /** A place inside a document, as written (for messages) and as steps from the document root. */
    record DocumentPath(String text, List<io.vellum.engine.query.internal.syntax.PathStep> steps) {
        DocumentPath {
            steps = List.copyOf(steps);
        }
    }
}
