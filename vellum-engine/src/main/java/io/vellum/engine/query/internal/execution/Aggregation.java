package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonFloat;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.Expression.BinaryOperator;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COUNT / SUM / MIN / MAX / AVG over all rows of a query without GROUP BY. As in SQL, null and MISSING inputs are
 * skipped; COUNT of nothing is 0 and the others are null. SUM keeps PartiQL's type widening; AVG of ints and decimals
 * is a decimal.
 */
final class Aggregation {
    private Aggregation() {
    }

    /** The value of every aggregate call in the projection, keyed by the identity of the call's syntax node. */
    static Map<Expression.Aggregate, IonValue> compute(ExecutionState state, ExpressionEvaluator evaluator,
                                                       SelectQuery query, List<Scope> rows) {
        List<Expression.Aggregate> calls = new ArrayList<>();
        if (query.projection() instanceof SelectQuery.ValueOf valueOf) {
            ExpressionTree.collectAggregates(valueOf.value(), calls);
        } else if (query.projection() instanceof SelectQuery.Items items) {
            for (SelectQuery.ProjectionItem item : items.items()) {
                ExpressionTree.collectAggregates(item instanceof SelectQuery.Column column ? column.value()
                    : ((SelectQuery.AllFields) item).value(), calls);
            }
        }
        Map<Expression.Aggregate, IonValue> values = new IdentityHashMap<>();
        for (Expression.Aggregate call : calls) {
            values.put(call, compute(state, evaluator, call, rows));
        }
        return values;
    }

    private static IonValue compute(ExecutionState state, ExpressionEvaluator evaluator, Expression.Aggregate call,
                                    List<Scope> rows) {
        if (call.argument().isEmpty()) {
            return state.ion.newInt(rows.size());
        }
        List<IonValue> inputs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Scope row : rows) {
            IonValue value = evaluator.evaluate(call.argument().get(), row);
            if (ValueComparison.isAbsent(value)) {
                continue;
            }
            if (call.distinct() && !seen.add(ValueComparison.canonicalKey(value))) {
                continue;
            }
            inputs.add(value);
        }
        switch (call.function()) {
            case COUNT:
                return state.ion.newInt(inputs.size());
            case MIN:
            case MAX:
                return extreme(state, inputs, call.function() == Expression.AggregateFunction.MAX);
            case SUM:
                return sum(state, inputs, call);
            default:
                return average(state, inputs, call);
        }
    }

    private static IonValue extreme(ExecutionState state, List<IonValue> inputs, boolean maximum) {
        IonValue best = null;
        for (IonValue value : inputs) {
            if (best == null || (maximum ? ValueComparison.totalOrder(value, best) > 0
                : ValueComparison.totalOrder(value, best) < 0)) {
                best = value;
            }
        }
        return best == null ? state.ion.newNull() : state.ion.clone(best);
    }

    private static IonValue sum(ExecutionState state, List<IonValue> inputs, Expression.Aggregate call) {
        IonValue total = null;
        for (IonValue value : inputs) {
            requireNumber(value, call);
            total = total == null ? value : Arithmetic.apply(state.ion, BinaryOperator.ADD, total, value);
        }
        return total == null ? state.ion.newNull() : state.ion.clone(total);
    }

    private static IonValue average(ExecutionState state, List<IonValue> inputs, Expression.Aggregate call) {
        if (inputs.isEmpty()) {
            return state.ion.newNull();
        }
        boolean floating = false;
        BigDecimal total = BigDecimal.ZERO;
        double floatingTotal = 0;
        for (IonValue value : inputs) {
            requireNumber(value, call);
            floating |= value instanceof IonFloat;
            floatingTotal += ValueComparison.doubleOf(value);
            if (!(value instanceof IonFloat)) {
                total = NumberRange.checked(total.add(NumberRange.checked(ValueComparison.decimalOf(value),
                    "an input of AVG")), "the total of AVG");
            }
        }
        if (floating) {
            return state.ion.newFloat(floatingTotal / inputs.size());
        }
        return state.ion.newDecimal(total.divide(BigDecimal.valueOf(inputs.size()), MathContext.DECIMAL128));
    }

    private static void requireNumber(IonValue value, Expression.Aggregate call) {
        if (!ValueComparison.isNumber(value)) {
            throw Planner.invalid(call.function() + " needs numbers, found " + ExpressionEvaluator.describe(value));
        }
    }
}
