package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.ExpressionChildren;
import io.vellum.engine.query.internal.syntax.PathStep;
import java.util.List;
import java.util.Set;

/**
 * Structural questions about expressions that the planner asks: direct children, free variable names, and whether
 * a subquery or an aggregate call occurs. Subqueries are opaque here (their bodies are planned separately).
 */
final class ExpressionTree {
    private ExpressionTree() {
    }

    /** The direct sub-expressions of {@code expression}, not looking inside subqueries. */
    static List<Expression> children(Expression expression) {
        return ExpressionChildren.of(expression);
    }

    /** Adds the name of every variable reference (outside subqueries) to {@code names}. */
    static void collectVariables(Expression expression, Set<String> names) {
        if (expression instanceof Expression.Variable variable) {
            names.add(variable.name());
        }
        for (Expression child : children(expression)) {
            collectVariables(child, names);
        }
    }

    /** Whether a subquery occurs anywhere in {@code expression}. */
    static boolean containsSubquery(Expression expression) {
        if (expression instanceof Expression.Subquery) {
            return true;
        }
        return children(expression).stream().anyMatch(ExpressionTree::containsSubquery);
    }

    /** Whether an aggregate call occurs in {@code expression} outside subqueries. */
    static boolean containsAggregate(Expression expression) {
        if (expression instanceof Expression.Aggregate) {
            return true;
        }
        return children(expression).stream().anyMatch(ExpressionTree::containsAggregate);
    }

    /** Adds every aggregate call of {@code expression} (outside subqueries) to {@code calls}. */
    static void collectAggregates(Expression expression, List<Expression.Aggregate> calls) {
        if (expression instanceof Expression.Aggregate aggregate) {
            calls.add(aggregate);
            return;
        }
        for (Expression child : children(expression)) {
            collectAggregates(child, calls);
        }
    }

    /** Adds the variable names referenced outside aggregate calls (and outside subqueries) to {@code names}. */
    static void collectVariablesOutsideAggregates(Expression expression, Set<String> names) {
        if (expression instanceof Expression.Aggregate) {
            return;
        }
        if (expression instanceof Expression.Variable variable) {
            names.add(variable.name());
        }
        for (Expression child : children(expression)) {
            collectVariablesOutsideAggregates(child, names);
        }
    }

    /** The top-level AND-ed parts of a condition. */
    static void conjuncts(Expression condition, List<Expression> parts) {
        if (condition instanceof Expression.Binary binary && binary.operator() == Expression.BinaryOperator.AND) {
            conjuncts(binary.left(), parts);
            conjuncts(binary.right(), parts);
        } else {
            parts.add(condition);
        }
    }

    /** The path as written, for messages: {@code r.Owners[0].PersonId}; a very long one is shortened. */
    static String pathText(Expression expression) {
        String text = fullPathText(expression);
        return text.length() <= 120 ? text : text.substring(0, 100) + "… (" + text.length() + " characters)";
    }

    private static String fullPathText(Expression expression) {
        if (expression instanceof Expression.Variable variable) {
            return variable.name();
        }
        if (expression instanceof Expression.Path path) {
            StringBuilder text = new StringBuilder(fullPathText(path.root()));
            for (PathStep step : path.steps()) {
                if (step instanceof PathStep.Field field) {
                    text.append('.').append(field.name());
                } else if (step instanceof PathStep.AllElements) {
                    text.append("[*]");
                } else if (step instanceof PathStep.AllFieldValues) {
                    text.append(".*");
                } else if (((PathStep.Index) step).index() instanceof Expression.Literal literal) {
                    text.append('[').append(literal.value()).append(']');
                } else {
                    text.append("[…]");
                }
            }
            return text.toString();
        }
        return "(expression)";
    }
}
