package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.syntax.Expression;
import java.util.Map;

/**
 * The variables visible while evaluating an expression: an immutable chain of bindings, innermost first.
 *
 * <p>A binding's value may be Java {@code null}, which is how the evaluator represents PartiQL's MISSING (a variable
 * bound to MISSING is still bound). Bindings made by FROM items are "row sources": a name that is not bound at all is
 * looked up as a field of those rows, innermost first, which is PartiQL's implicit scoping ({@code WHERE VIN = ?}
 * on {@code FROM Vehicle}).
 */
final class Scope {
    static final Scope EMPTY = new Scope(null, null, null, false, null);

    private final Scope parent;
    private final String name;
    private final IonValue value;
    private final boolean rowSource;
    private final Map<Expression.Aggregate, IonValue> aggregates;

    private Scope(Scope parent, String name, IonValue value, boolean rowSource,
                  Map<Expression.Aggregate, IonValue> aggregates) {
        this.parent = parent;
        this.name = name;
        this.value = value;
        this.rowSource = rowSource;
        this.aggregates = aggregates;
    }

    /** This scope plus {@code name} bound to {@code value} (Java null for MISSING). */
    Scope bind(String boundName, IonValue boundValue, boolean isRowSource) {
        return new Scope(this, boundName, boundValue, isRowSource, null);
    }

    /** This scope plus the computed values of an aggregate query's aggregate calls (keyed by identity). */
    Scope withAggregates(Map<Expression.Aggregate, IonValue> values) {
        return new Scope(this, null, null, false, values);
    }

    /** The innermost binding of {@code wanted}, or Java null when the name is not bound. */
    Scope find(String wanted) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.name != null && scope.name.equals(wanted)) {
                return scope;
            }
        }
        return null;
    }

    /** The bound value (Java null = MISSING). */
    IonValue value() {
        return value;
    }

    /** The field {@code field} of the innermost row source that has it, or Java null (MISSING). */
    IonValue implicitField(String field) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.rowSource && scope.value instanceof IonStruct struct && !struct.isNullValue()) {
                IonValue found = struct.get(field);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The value computed for an aggregate call, or Java null when no aggregate query encloses this scope. */
    IonValue aggregate(Expression.Aggregate call) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.aggregates != null && scope.aggregates.containsKey(call)) {
                return scope.aggregates.get(call);
            }
        }
        return null;
    }

    /** Whether an aggregate value for {@code call} was computed (its value may be MISSING). */
    boolean hasAggregate(Expression.Aggregate call) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            if (scope.aggregates != null && scope.aggregates.containsKey(call)) {
                return true;
            }
        }
        return false;
    }
}
