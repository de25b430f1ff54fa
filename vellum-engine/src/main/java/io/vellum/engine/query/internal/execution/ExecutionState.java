package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything one execution of one statement needs: the transaction, the bound parameters, the plan, and memoised
 * whole-table scans. Created per {@code execute} call and used by that thread only.
 */
final class ExecutionState {
    final IonSystem ion;
    final QueryContext context;
    final StatementPlan plan;
    private final List<IonValue> parameters;
    /** Scans of inner join sources and subqueries, done once per statement rather than once per outer row. */
    private final Map<SourcePlan, List<StoredDocument>> scans = new IdentityHashMap<>();
    private Timestamp now;

    /** Rows looked at so far; the transaction's deadline is checked every {@code DEADLINE_CHECK_ROWS} of them. */
    private long rowsVisited;
    private static final int DEADLINE_CHECK_ROWS = 4096;

    ExecutionState(IonSystem ion, QueryContext context, StatementPlan plan, List<IonValue> parameters) {
        this.ion = ion;
        this.context = context;
        this.plan = plan;
        this.parameters = parameters;
    }

    /** The value of the {@code index}-th {@code ?} (0-based). */
    IonValue parameter(int index) {
        return parameters.get(index);
    }

    /** The plan of a subquery. */
    QueryPlan subquery(SelectQuery query) {
        return plan.subqueries().get(query);
    }

    /** The transaction's time, asked once per statement so that UTCNOW() is stable within it. */
    Timestamp now() {
        if (now == null) {
            now = context.now();
        }
        return now;
    }

    /** A whole-table scan of {@code source}, made once per statement. */
    List<StoredDocument> memoisedScan(SourcePlan source, Supplier<List<StoredDocument>> scan) {
        return scans.computeIfAbsent(source, ignored -> scan.get());
    }

    /**
     * {@code value} in a form that can be put into a new container or returned: values that belong to a document,
     * are read-only (literals, stored data) or come from another Ion system are deep-copied into ours.
     */
    IonValue adopt(IonValue value) {
        if (value.getContainer() != null || value.isReadOnly() || value.getSystem() != ion) {
            return copy(value);
        }
        return value;
    }

    /** A detached deep copy of {@code value} in this statement's Ion system ({@link IonCopy}). */
    <T extends IonValue> T copy(T value) {
        return IonCopy.of(ion, value);
    }

    IonBool bool(boolean value) {
        return ion.newBool(value);
    }

    /** Counts one row looked at, checking the transaction's deadline now and then. */
    void visitRow() {
        if (++rowsVisited % DEADLINE_CHECK_ROWS == 0) {
            context.checkDeadline();
        }
    }
}
