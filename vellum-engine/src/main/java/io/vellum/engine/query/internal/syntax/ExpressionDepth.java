package io.vellum.engine.query.internal.syntax;

import io.vellum.engine.query.StatementLimits;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The depth of a parsed statement's expression trees, measured without recursion. The parser reads operator chains
 * in loops (so {@code 1 + 1 + … + 1} cannot exhaust its stack), but the tree it builds is one level deeper per
 * operator and the planner and evaluator walk it recursively; this check refuses such trees before they do.
 */
final class ExpressionDepth {
    private ExpressionDepth() {
    }

    /** @throws LedgerException LIMIT_EXCEEDED when a tree of {@code statement} is deeper than the limit */
    static void check(Statement statement) {
        int deepest = deepest(topExpressions(statement));
        if (deepest > StatementLimits.MAX_EXPRESSION_DEPTH) {
            // The walk stops at the first level over the limit, so the message cannot say how deep it goes.
            throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "an expression of the statement is more than "
                + StatementLimits.MAX_EXPRESSION_DEPTH + " levels deep; the expression nesting depth limit is "
                + StatementLimits.MAX_EXPRESSION_DEPTH
                + " (each operator of a chain such as a + b + c adds a level; write long OR chains as x IN (…))");
        }
    }

    private record Level(Expression expression, int depth) {
    }

    private static int deepest(List<Expression> roots) {
        Deque<Level> pending = new ArrayDeque<>();
        roots.forEach(root -> pending.push(new Level(root, 1)));
        int deepest = 0;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            deepest = Math.max(deepest, level.depth());
            if (deepest > StatementLimits.MAX_EXPRESSION_DEPTH) {
                return deepest;
            }
            // A subquery is two levels, as the parser counts it: the subquery and the expressions of its query.
            int step = level.expression() instanceof Expression.Subquery ? 2 : 1;
            for (Expression child : children(level.expression())) {
                pending.push(new Level(child, level.depth() + step));
            }
        }
        return deepest;
    }

    private static List<Expression> topExpressions(Statement statement) {
        List<Expression> roots = new ArrayList<>();
        if (statement instanceof Statement.CreateTable create) {
            create.options().forEach(option -> roots.add(option.value()));
        } else if (statement instanceof Statement.DropIndex drop) {
            drop.options().forEach(option -> roots.add(option.value()));
        } else if (statement instanceof Statement.Insert insert) {
            roots.add(insert.documents());
        } else if (statement instanceof Statement.Update update) {
            update.where().ifPresent(roots::add);
            for (Statement.DmlOperation operation : update.operations()) {
                if (operation instanceof Statement.SetValue set) {
                    roots.add(set.path());
                    roots.add(set.value());
                } else if (operation instanceof Statement.Remove remove) {
                    roots.add(remove.path());
                } else if (operation instanceof Statement.InsertInto insert) {
                    roots.add(insert.path());
                    roots.add(insert.value());
                    insert.position().ifPresent(roots::add);
                }
            }
        } else if (statement instanceof Statement.Delete delete) {
            delete.where().ifPresent(roots::add);
        } else if (statement instanceof Statement.Select select) {
            addQuery(select.query(), roots);
        } else if (statement instanceof Statement.Exec exec) {
            roots.addAll(exec.arguments());
        }
        return roots;
    }

    /** The expressions of a query, each a root one level below whatever holds the query. */
    private static void addQuery(SelectQuery query, List<Expression> into) {
        if (query.projection() instanceof SelectQuery.ValueOf value) {
            into.add(value.value());
        } else if (query.projection() instanceof SelectQuery.Items items) {
            for (SelectQuery.ProjectionItem item : items.items()) {
                into.add(item instanceof SelectQuery.Column column ? column.value()
                    : ((SelectQuery.AllFields) item).value());
            }
        }
        for (SelectQuery.FromItem source : query.sources()) {
            into.add(source.source());
            source.condition().ifPresent(into::add);
        }
        query.where().ifPresent(into::add);
        query.orderBy().forEach(order -> into.add(order.value()));
        query.limit().ifPresent(into::add);
        query.offset().ifPresent(into::add);
    }

    /** The direct sub-expressions, and for a subquery the expressions of its query. */
    private static List<Expression> children(Expression expression) {
        if (expression instanceof Expression.Subquery subquery) {
            List<Expression> children = new ArrayList<>();
            addQuery(subquery.query(), children);
            return children;
        }
        return ExpressionChildren.of(expression);
    }
}
