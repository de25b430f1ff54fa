package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonContainer;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonList;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.Expression.BinaryOperator;
import io.vellum.engine.query.internal.syntax.PathStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates expressions over Ion values with PartiQL's permissive semantics. Java {@code null} stands for MISSING;
 * Ion nulls are ordinary values. Comparisons and predicates return Ion booleans, Ion null (unknown because of a null)
 * or MISSING (unknown because of a MISSING); a WHERE keeps a row only when its condition is true. Values of different
 * kinds compare as false rather than failing.
 *
 * <p>Returned values may be parts of stored documents or read-only literals: callers never mutate them and
 * {@link ExecutionState#adopt} them before placing them in a new container. One evaluator per statement execution.
 */
final class ExpressionEvaluator {
    private final ExecutionState state;
    private SelectExecutor selects;

    ExpressionEvaluator(ExecutionState state) {
        this.state = state;
    }

    /** Connects the executor that runs subqueries (the two call each other). */
    void useSelects(SelectExecutor selectExecutor) {
        this.selects = selectExecutor;
    }

    /** Whether {@code condition} is true in {@code scope} (false, null and MISSING all reject the row). */
    boolean isTrue(Expression condition, Scope scope) {
        return evaluate(condition, scope) instanceof IonBool bool && !bool.isNullValue() && bool.booleanValue();
    }

    IonValue evaluate(Expression expression, Scope scope) {
        if (expression instanceof Expression.Literal literal) {
            return literal.value();
        }
        if (expression instanceof Expression.Variable variable) {
            Scope binding = scope.find(variable.name());
            return binding != null ? binding.value() : scope.implicitField(variable.name());
        }
        if (expression instanceof Expression.Path path) {
            return navigate(evaluate(path.root(), scope), path.steps(), scope);
        }
        if (expression instanceof Expression.Parameter parameter) {
            return state.parameter(parameter.index());
        }
        if (expression instanceof Expression.Binary binary) {
            return binary(binary, scope);
        }
        if (expression instanceof Expression.MissingLiteral) {
            return null;
        }
        if (expression instanceof Expression.StructConstructor struct) {
            return struct(struct, scope);
        }
        if (expression instanceof Expression.ListConstructor list) {
            return sequence(list.elements(), scope);
        }
        if (expression instanceof Expression.BagConstructor bag) {
            return sequence(bag.elements(), scope);
        }
        if (expression instanceof Expression.Unary unary) {
            return unary(unary, scope);
        }
        if (expression instanceof Expression.In in) {
            return negateIf(in.negated(), in(evaluate(in.value(), scope), evaluate(in.collection(), scope)));
        }
        if (expression instanceof Expression.Like like) {
            return negateIf(like.negated(), like(like, scope));
        }
        if (expression instanceof Expression.Between between) {
            IonValue value = evaluate(between.value(), scope);
            IonValue atLeastLow = compare(BinaryOperator.GREATER_OR_EQUAL, value, evaluate(between.low(), scope));
            IonValue atMostHigh = compare(BinaryOperator.LESS_OR_EQUAL, value, evaluate(between.high(), scope));
            return negateIf(between.negated(), and(atLeastLow, atMostHigh));
        }
        if (expression instanceof Expression.IsType isType) {
            IonValue value = evaluate(isType.value(), scope);
            return state.bool(hasType(value, isType.typeName()) != isType.negated());
        }
        if (expression instanceof Expression.FunctionCall call) {
            List<IonValue> arguments = new ArrayList<>();
            for (Expression argument : call.arguments()) {
                arguments.add(evaluate(argument, scope));
            }
            return ScalarFunctions.call(state, call.name(), arguments);
        }
        if (expression instanceof Expression.Aggregate aggregate) {
            if (!scope.hasAggregate(aggregate)) {
                throw Planner.invalid(aggregate.function() + " can only be used in the SELECT list");
            }
            return scope.aggregate(aggregate);
        }
        if (expression instanceof Expression.Cast cast) {
            return CastConversion.cast(state.ion, evaluate(cast.value(), scope), cast.typeName());
        }
        if (expression instanceof Expression.Case caseExpression) {
            return caseOf(caseExpression, scope);
        }
        if (expression instanceof Expression.Subquery subquery) {
            return subquery(subquery, scope);
        }
        if (expression instanceof Expression.Exists exists) {
            IonValue value = evaluate(exists.operand(), scope);
            if (value == null) {
                // QLDB documents EXISTS(missing) as an error: EXISTS propagates neither NULL nor MISSING.
                throw Planner.invalid("EXISTS needs a value, but its argument is MISSING");
            }
            return state.bool(value instanceof IonContainer container && !container.isNullValue() && !container.isEmpty());
        }
        throw new IllegalStateException("unknown expression " + expression);
    }

    /**
     * Follows path steps; any step that does not apply (field of a non-struct, index out of range) gives MISSING. From
     * the first wildcard step on, the path follows every element (or field value) and gives a bag (an Ion list) of
     * what it finds, MISSING ones left out.
     */
    IonValue navigate(IonValue start, List<PathStep> steps, Scope scope) {
        IonValue current = start;
        for (int stepNumber = 0; stepNumber < steps.size(); stepNumber++) {
            PathStep step = steps.get(stepNumber);
            if (step instanceof PathStep.AllElements || step instanceof PathStep.AllFieldValues) {
                return wildcard(current, steps.subList(stepNumber, steps.size()), scope);
            }
            if (current == null || current.isNullValue()) {
                return null;
            }
            if (step instanceof PathStep.Field field) {
                current = current instanceof IonStruct struct ? struct.get(field.name()) : null;
                continue;
            }
            IonValue index = evaluate(((PathStep.Index) step).index(), scope);
            if (index instanceof IonInt position && !index.isNullValue() && current instanceof IonSequence sequence) {
                long at = position.longValue();
                current = at >= 0 && at < sequence.size() ? sequence.get((int) at) : null;
            } else if (ValueComparison.isText(index) && !index.isNullValue() && current instanceof IonStruct struct) {
                current = struct.get(ValueComparison.text(index));
            } else {
                current = null;
            }
        }
        return current;
    }

    private IonValue wildcard(IonValue start, List<PathStep> steps, Scope scope) {
        List<IonValue> found = new ArrayList<>();
        if (start != null) {
            found.add(start);
        }
        for (PathStep step : steps) {
            List<IonValue> next = new ArrayList<>();
            for (IonValue value : found) {
                if (step instanceof PathStep.AllElements) {
                    if (value instanceof IonSequence sequence && !sequence.isNullValue()) {
                        sequence.forEach(next::add);
                    } else {
                        next.add(value);
                    }
                } else if (step instanceof PathStep.AllFieldValues) {
                    if (value instanceof IonStruct struct && !struct.isNullValue()) {
                        struct.forEach(next::add);
                    } else {
                        next.add(value);
                    }
                } else {
                    IonValue reached = navigate(value, List.of(step), scope);
                    if (reached != null) {
                        next.add(reached);
                    }
                }
            }
            found = next;
        }
        IonList bag = state.ion.newEmptyList();
        for (IonValue value : found) {
            bag.add(state.ion.clone(value));
        }
        return bag;
    }

    private IonValue struct(Expression.StructConstructor constructor, Scope scope) {
        IonStruct struct = state.ion.newEmptyStruct();
        for (Expression.StructEntry entry : constructor.entries()) {
            IonValue key = evaluate(entry.key(), scope);
            if (!ValueComparison.isText(key) || key.isNullValue()) {
                throw Planner.invalid("a struct field name must be a string, found " + describe(key)
                    + (entry.key() instanceof Expression.Variable variable
                    ? " (write the name in single quotes: '" + variable.name() + "')" : ""));
            }
            IonValue value = evaluate(entry.value(), scope);
            if (value != null) {
                struct.add(ValueComparison.text(key), state.adopt(value));
            }
        }
        return struct;
    }

    /** A list or bag constructor; bags are represented as Ion lists, and a MISSING element becomes null. */
    private IonValue sequence(List<Expression> elements, Scope scope) {
        IonList list = state.ion.newEmptyList();
        for (Expression element : elements) {
            IonValue value = evaluate(element, scope);
            list.add(value == null ? state.ion.newNull() : state.adopt(value));
        }
        return list;
    }

    private IonValue unary(Expression.Unary unary, Scope scope) {
        IonValue operand = evaluate(unary.operand(), scope);
        return switch (unary.operator()) {
            case NOT -> not(operand);
            case NEGATE -> Arithmetic.negate(state.ion, operand);
            case PLUS -> operand == null || operand.isNullValue() || ValueComparison.isNumber(operand) ? operand : null;
        };
    }

    private IonValue binary(Expression.Binary binary, Scope scope) {
        BinaryOperator operator = binary.operator();
        if (operator == BinaryOperator.AND) {
            IonValue left = evaluate(binary.left(), scope);
            if (isFalse(left)) {
                return left;
            }
            return and(left, evaluate(binary.right(), scope));
        }
        if (operator == BinaryOperator.OR) {
            IonValue left = evaluate(binary.left(), scope);
            if (isTrueValue(left)) {
                return left;
            }
            return or(left, evaluate(binary.right(), scope));
        }
        IonValue left = evaluate(binary.left(), scope);
        IonValue right = evaluate(binary.right(), scope);
        return switch (operator) {
            case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> compare(operator, left, right);
            default -> Arithmetic.apply(state.ion, operator, left, right);
        };
    }

    /** A comparison with PartiQL's propagation: MISSING wins over null; values that cannot be compared are unequal. */
    IonValue compare(BinaryOperator operator, IonValue left, IonValue right) {
        if (left == null || right == null) {
            return null;
        }
        if (left.isNullValue() || right.isNullValue()) {
            return state.ion.newNull();
        }
        if (operator == BinaryOperator.EQUAL) {
            return state.bool(ValueComparison.equal(left, right));
        }
        if (operator == BinaryOperator.NOT_EQUAL) {
            return state.bool(!ValueComparison.equal(left, right));
        }
        Integer order = ValueComparison.compare(left, right);
        if (order == null) {
            return state.bool(false);
        }
        return state.bool(switch (operator) {
            case LESS -> order < 0;
            case LESS_OR_EQUAL -> order <= 0;
            case GREATER -> order > 0;
            default -> order >= 0;
        });
    }

    private IonValue in(IonValue value, IonValue collection) {
        if (value == null || collection == null) {
            return null;
        }
        if (!(collection instanceof IonSequence sequence) || collection.isNullValue()) {
            return null;
        }
        if (value.isNullValue()) {
            return state.ion.newNull();
        }
        boolean unknown = false;
        for (IonValue element : sequence) {
            if (element.isNullValue()) {
                unknown = true;
            } else if (ValueComparison.equal(value, element)) {
                return state.bool(true);
            }
        }
        return unknown ? state.ion.newNull() : state.bool(false);
    }

    private IonValue like(Expression.Like like, Scope scope) {
        IonValue value = evaluate(like.value(), scope);
        IonValue pattern = evaluate(like.pattern(), scope);
        IonValue escape = like.escape().isPresent() ? evaluate(like.escape().get(), scope) : state.ion.newString("");
        if (value == null || pattern == null || escape == null) {
            return null;
        }
        if (value.isNullValue() || pattern.isNullValue() || escape.isNullValue()) {
            return state.ion.newNull();
        }
        if (!ValueComparison.isText(value) || !ValueComparison.isText(pattern) || !ValueComparison.isText(escape)) {
            return null;
        }
        String escapeText = ValueComparison.text(escape);
        if (escapeText.codePointCount(0, escapeText.length()) > 1) {
            throw Planner.invalid("the LIKE escape must be a single character, found '" + escapeText + "'");
        }
        LikePattern compiled = LikePattern.compile(ValueComparison.text(pattern),
            escapeText.isEmpty() ? -1 : escapeText.codePointAt(0));
        return state.bool(compiled.matches(ValueComparison.text(value), state.context::checkDeadline));
    }

    private IonValue caseOf(Expression.Case caseExpression, Scope scope) {
        IonValue operand = caseExpression.operand().isPresent() ? evaluate(caseExpression.operand().get(), scope) : null;
        for (Expression.WhenClause branch : caseExpression.branches()) {
            boolean taken;
            if (caseExpression.operand().isPresent()) {
                IonValue candidate = evaluate(branch.condition(), scope);
                taken = isTrueValue(compare(BinaryOperator.EQUAL, operand, candidate));
            } else {
                taken = isTrue(branch.condition(), scope);
            }
            if (taken) {
                return evaluate(branch.result(), scope);
            }
        }
        return caseExpression.otherwise().isPresent() ? evaluate(caseExpression.otherwise().get(), scope)
            : state.ion.newNull();
    }

    private IonValue subquery(Expression.Subquery subquery, Scope scope) {
        IonList results = state.ion.newEmptyList();
        for (IonValue value : selects.run(state.subquery(subquery.query()), scope)) {
            results.add(value);
        }
        return results;
    }

    private IonValue and(IonValue left, IonValue right) {
        if (isFalse(left) || isFalse(right)) {
            return state.bool(false);
        }
        if (isTrueValue(left) && isTrueValue(right)) {
            return state.bool(true);
        }
        return left == null || right == null ? null : state.ion.newNull();
    }

    private IonValue or(IonValue left, IonValue right) {
        if (isTrueValue(left) || isTrueValue(right)) {
            return state.bool(true);
        }
        if (isFalse(left) && isFalse(right)) {
            return state.bool(false);
        }
        return left == null || right == null ? null : state.ion.newNull();
    }

    private IonValue not(IonValue operand) {
        if (operand instanceof IonBool bool && !bool.isNullValue()) {
            return state.bool(!bool.booleanValue());
        }
        return operand == null ? null : state.ion.newNull();
    }

    private IonValue negateIf(boolean negated, IonValue value) {
        return negated ? not(value) : value;
    }

    private static boolean isTrueValue(IonValue value) {
        return value instanceof IonBool bool && !bool.isNullValue() && bool.booleanValue();
    }

    private static boolean isFalse(IonValue value) {
        return value instanceof IonBool bool && !bool.isNullValue() && !bool.booleanValue();
    }

    /** PartiQL's IS test: NULL is true for null and MISSING; a type name only for a present, non-null value. */
    private static boolean hasType(IonValue value, String typeName) {
        if (typeName.equals("missing")) {
            return value == null;
        }
        if (typeName.equals("null")) {
            return ValueComparison.isAbsent(value);
        }
        return !ValueComparison.isAbsent(value) && typeName(value).equals(typeName);
    }

    /** How messages name a value's type: "int", "null", "missing". */
    static String describe(IonValue value) {
        if (value == null) {
            return "missing";
        }
        if (value.isNullValue()) {
            return value.getType() == com.amazon.ion.IonType.NULL ? "null" : "null." + typeName(value);
        }
        return typeName(value);
    }

    private static String typeName(IonValue value) {
        return value.getType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
