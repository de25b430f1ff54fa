package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonContainer;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.execution.StatementPlan.DocumentPath;
import io.vellum.engine.query.internal.syntax.PathStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies SET / REMOVE / INSERT INTO to a private copy of a document's data.
 *
 * <p>SET creates missing (or null) struct fields along its path, as QLDB does ({@code SET r.a.b = 1} on a document
 * without {@code a} adds {@code a: {b: 1}}), but refuses to go through a scalar or to invent a list; setting a field
 * to MISSING removes it. REMOVE of a path that does not exist changes nothing. INSERT INTO appends to (or inserts at
 * AT position into) an existing list or s-expression, or adds field AT 'name' to an existing struct.
 */
final class DocumentMutation {
    private final ExecutionState state;
    private final ExpressionEvaluator evaluator;

    DocumentMutation(ExecutionState state, ExpressionEvaluator evaluator) {
        this.state = state;
        this.evaluator = evaluator;
    }

    /** The keys of a path's steps: String for a field, Long for a list position. Index steps see {@code scope}. */
    List<Object> keys(DocumentPath path, Scope scope) {
        List<Object> keys = new ArrayList<>();
        for (PathStep step : path.steps()) {
            if (step instanceof PathStep.Field field) {
                keys.add(field.name());
                continue;
            }
            if (!(step instanceof PathStep.Index indexStep)) {
                throw Planner.invalid("a DML path cannot contain a wildcard [*] or .*, found " + path.text());
            }
            IonValue index = evaluator.evaluate(indexStep.index(), scope);
            if (index instanceof IonInt position && !index.isNullValue()) {
                keys.add(position.longValue());
            } else if (ValueComparison.isText(index) && !index.isNullValue()) {
                keys.add(ValueComparison.text(index));
            } else {
                throw Planner.invalid("a path index in " + path.text() + " must be an int or a string, found "
                    + ExpressionEvaluator.describe(index));
            }
        }
        return keys;
    }

    void set(IonStruct document, DocumentPath path, List<Object> keys, IonValue value) {
        IonContainer container = document;
        for (int position = 0; position < keys.size() - 1; position++) {
            Object key = keys.get(position);
            IonValue child = child(container, key, path);
            if (child == null || child.isNullValue()) {
                if (!(keys.get(position + 1) instanceof String)) {
                    throw Planner.invalid("cannot SET " + path.text() + ": there is no list at step " + (position + 1));
                }
                IonStruct created = state.ion.newEmptyStruct();
                replace(container, key, created, path);
                child = created;
            } else if (!(child instanceof IonStruct) && !(child instanceof IonSequence)) {
                throw Planner.invalid("cannot SET " + path.text() + ": step " + (position + 1) + " is "
                    + ExpressionEvaluator.describe(child) + ", not a struct");
            }
            container = (IonContainer) child;
        }
        Object last = keys.get(keys.size() - 1);
        if (value == null) {
            removeChild(container, last);
            return;
        }
        replace(container, last, state.adopt(value), path);
    }

    void remove(IonStruct document, DocumentPath path, List<Object> keys) {
        IonContainer container = document;
        for (int position = 0; position < keys.size() - 1; position++) {
            IonValue child = existingChild(container, keys.get(position));
            if (!(child instanceof IonContainer next) || child.isNullValue()) {
                return;
            }
            container = next;
        }
        removeChild(container, keys.get(keys.size() - 1));
    }

    void insert(IonStruct document, DocumentPath path, List<Object> keys, IonValue value, IonValue position) {
        IonValue target = document;
        for (Object key : keys) {
            target = target instanceof IonContainer container && !target.isNullValue() ? existingChild(container, key) : null;
        }
        if (value == null) {
            throw Planner.invalid("INSERT INTO " + path.text() + " needs a value, found missing");
        }
        if (target instanceof IonSequence sequence && !target.isNullValue()) {
            int at = sequence.size();
            if (position != null) {
                if (!(position instanceof IonInt index) || position.isNullValue() || index.longValue() < 0
                    || index.longValue() > sequence.size()) {
                    throw Planner.invalid("INSERT INTO " + path.text() + " AT needs a position from 0 to "
                        + sequence.size() + ", found " + describeValue(position));
                }
                at = index.intValue();
            }
            sequence.add(at, state.adopt(value));
            return;
        }
        if (target instanceof IonStruct struct && !target.isNullValue()) {
            if (!ValueComparison.isText(position) || position.isNullValue()) {
                throw Planner.invalid("INSERT INTO the struct " + path.text() + " needs AT 'fieldName'");
            }
            String name = ValueComparison.text(position);
            if (struct.containsKey(name)) {
                throw Planner.invalid("INSERT INTO " + path.text() + " AT '" + name + "': the field exists; use SET");
            }
            struct.add(name, state.adopt(value));
            return;
        }
        throw Planner.invalid("INSERT INTO " + path.text() + " needs an existing list, s-expression or struct there, found "
            + ExpressionEvaluator.describe(target));
    }

    private static String describeValue(IonValue value) {
        return value == null ? "missing" : value.toString();
    }

    /** The child at {@code key}, or Java null when absent; a key of the wrong kind for the container is an error. */
    private static IonValue child(IonContainer container, Object key, DocumentPath path) {
        if (container instanceof IonStruct struct && key instanceof String name) {
            return struct.get(name);
        }
        if (container instanceof IonSequence sequence && key instanceof Long position) {
            return position >= 0 && position < sequence.size() ? sequence.get(position.intValue()) : null;
        }
        throw mismatch(container, key, path);
    }

    private static void replace(IonContainer container, Object key, IonValue value, DocumentPath path) {
        if (container instanceof IonStruct struct && key instanceof String name) {
            struct.put(name, value);
            return;
        }
        if (container instanceof IonSequence sequence && key instanceof Long position) {
            if (position < 0 || position >= sequence.size()) {
                throw Planner.invalid("cannot SET " + path.text() + ": position " + position + " is outside the list of "
                    + sequence.size() + " elements");
            }
            sequence.set(position.intValue(), value);
            return;
        }
        throw mismatch(container, key, path);
    }

    /** The child at {@code key}, or Java null when absent or when the key does not fit the container. */
    private static IonValue existingChild(IonContainer container, Object key) {
        if (container instanceof IonStruct struct && key instanceof String name) {
            return struct.get(name);
        }
        if (container instanceof IonSequence sequence && key instanceof Long position) {
            return position >= 0 && position < sequence.size() ? sequence.get(position.intValue()) : null;
        }
        return null;
    }

    /** Removes the child at {@code key} if there is one (used by REMOVE and by SET to MISSING). */
    private static void removeChild(IonContainer container, Object key) {
        if (container instanceof IonStruct struct && key instanceof String name) {
            struct.removeAll(name);
        } else if (container instanceof IonSequence sequence && key instanceof Long position
            && position >= 0 && position < sequence.size()) {
            sequence.remove(position.intValue());
        }
    }

    private static RuntimeException mismatch(IonContainer container, Object key, DocumentPath path) {
        String step = key instanceof String ? "field '" + key + "'" : "position " + key;
        return Planner.invalid("cannot use " + step + " of " + path.text() + " on "
            + ExpressionEvaluator.describe(container));
    }
}
