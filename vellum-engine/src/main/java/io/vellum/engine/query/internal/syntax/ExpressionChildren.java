package io.vellum.engine.query.internal.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The one enumeration of an expression's direct sub-expressions, shared by the parser's depth check and the
 * planner's structural questions, so that a new kind of expression is walked the same way by both.
 */
public final class ExpressionChildren {
    private ExpressionChildren() {
    }

    /** The direct sub-expressions of {@code expression}, not looking inside subqueries. */
    public static List<Expression> of(Expression expression) {
        List<Expression> children = new ArrayList<>();
        // Java 17 has no pattern switch; the order of tests follows Expression's declaration order.
        if (expression instanceof Expression.Path path) {
            children.add(path.root());
            for (PathStep step : path.steps()) {
                if (step instanceof PathStep.Index index) {
                    children.add(index.index());
                }
            }
        } else if (expression instanceof Expression.StructConstructor struct) {
            struct.entries().forEach(entry -> {
                children.add(entry.key());
                children.add(entry.value());
            });
        } else if (expression instanceof Expression.ListConstructor list) {
            children.addAll(list.elements());
        } else if (expression instanceof Expression.BagConstructor bag) {
            children.addAll(bag.elements());
        } else if (expression instanceof Expression.Binary binary) {
            children.add(binary.left());
            children.add(binary.right());
        } else if (expression instanceof Expression.Unary unary) {
            children.add(unary.operand());
        } else if (expression instanceof Expression.Like like) {
            children.add(like.value());
            children.add(like.pattern());
            like.escape().ifPresent(children::add);
        } else if (expression instanceof Expression.Between between) {
            children.add(between.value());
            children.add(between.low());
            children.add(between.high());
        } else if (expression instanceof Expression.In in) {
            children.add(in.value());
            children.add(in.collection());
        } else if (expression instanceof Expression.IsType isType) {
            children.add(isType.value());
        } else if (expression instanceof Expression.FunctionCall call) {
            children.addAll(call.arguments());
        } else if (expression instanceof Expression.Aggregate aggregate) {
            aggregate.argument().ifPresent(children::add);
        } else if (expression instanceof Expression.Cast cast) {
            children.add(cast.value());
        } else if (expression instanceof Expression.Case caseExpression) {
            caseExpression.operand().ifPresent(children::add);
            caseExpression.branches().forEach(branch -> {
                children.add(branch.condition());
                children.add(branch.result());
            });
            caseExpression.otherwise().ifPresent(children::add);
        } else if (expression instanceof Expression.Exists exists) {
            children.add(exists.operand());
        }
        // Literal, MissingLiteral, Parameter, Variable and Subquery have no children here.
        return children;
    }
}
