package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonSequence;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.internal.syntax.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Produces the rows of each kind of FROM item: a table's documents (user or committed view), history() revisions,
 * the catalog, or the elements of any collection-valued expression.
 */
final class RowSources {
    private final ExecutionState state;
    private final ExpressionEvaluator evaluator;
    private final TableAccess access;

    RowSources(ExecutionState state, ExpressionEvaluator evaluator, TableAccess access) {
        this.state = state;
        this.evaluator = evaluator;
        this.access = access;
    }

    /**
     * One row of a FROM item.
     *
     * @param value      the value bound to the alias
     * @param position   the AT value (list position), Java null = MISSING
     * @param documentId the BY value, or Java null
     */
    record Row(IonValue value, IonValue position, String documentId) {
    }

    List<Row> rows(SourcePlan source, Scope scope) {
        List<Row> rows = new ArrayList<>();
        SourcePlan.SourceKind kind = source.kind();
        if (kind instanceof SourcePlan.TableSource table) {
            TableHandle handle = state.context.table(table.table());
            for (StoredDocument document : access.documents(source, handle, scope)) {
                IonValue value = !table.committedView() ? document.data() : table.viewParts().isPresent()
                    ? table.viewParts().get().rowOf(document, state) : document.committedView();
                rows.add(new Row(value, null, document.documentId()));
            }
        } else if (kind instanceof SourcePlan.HistorySource history) {
            TableHandle handle = access.historyTable(history, scope);
            Optional<Timestamp> start = timeBound(history.start(), scope, "start");
            Optional<Timestamp> end = timeBound(history.end(), scope, "end");
            checkTimeRange(start, end);
            for (StoredDocument revision : access.history(source, handle, start, end, scope)) {
                rows.add(new Row(revision.committedView(), null, revision.documentId()));
            }
        } else if (kind instanceof SourcePlan.CatalogSource) {
            for (TableHandle table : state.context.tables()) {
                rows.add(new Row(Catalog.row(state.ion, table), null, null));
            }
        } else {
            IonValue value = evaluator.evaluate(((SourcePlan.ExpressionSource) kind).value(), scope);
            if (value instanceof IonSequence sequence && !sequence.isNullValue()) {
                int position = 0;
                for (IonValue element : sequence) {
                    IonValue at = value.getType() == IonType.LIST ? state.ion.newInt(position) : null;
                    rows.add(new Row(element, at, null));
                    position++;
                }
            } else if (value != null) {
                // PartiQL treats a non-collection in FROM as a bag of that one value.
                rows.add(new Row(value, null, null));
            }
        }
        return rows;
    }

    /**
     * QLDB's rules for history()'s range: the end time must not be after the current time (the transaction's), and the
     * start time must not be after the end time (the current time when no end is given).
     */
    private void checkTimeRange(Optional<Timestamp> start, Optional<Timestamp> end) {
        if (start.isEmpty()) {
            return;
        }
        Timestamp now = state.now();
        if (end.isPresent() && end.get().compareTo(now) > 0) {
            throw Planner.invalid("history() end time " + end.get() + " is in the future: it must not be after the"
                + " current time " + now);
        }
        Timestamp to = end.orElse(now);
        if (start.get().compareTo(to) > 0) {
            throw Planner.invalid("history() start time " + start.get() + " is after the end time " + to
                + (end.isPresent() ? "" : " (the current time, as no end time is given)")
                + ": it must not be after the end time");
        }
    }

    private Optional<Timestamp> timeBound(Optional<Expression> bound, Scope scope, String which) {
        if (bound.isEmpty()) {
            return Optional.empty();
        }
        IonValue value = evaluator.evaluate(bound.get(), scope);
        if (!(value instanceof IonTimestamp timestamp) || value.isNullValue()) {
            throw Planner.invalid("history() " + which + " time must be a timestamp such as `2019-06-05T00:00:00Z`, "
                + "found " + ExpressionEvaluator.describe(value));
        }
        return Optional.of(timestamp.timestampValue());
    }
}
