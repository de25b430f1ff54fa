package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.StatementLimits;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.PathStep;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a planned SELECT: binds the FROM items as nested loops (each table item through {@link TableAccess}), filters
 * with ON and WHERE, then aggregates or projects, orders, removes duplicates and pages.
 */
final class SelectExecutor {
    private final ExecutionState state;
    private final ExpressionEvaluator evaluator;
    private final TableAccess access;
    private final RowSources rowSources;

    SelectExecutor(ExecutionState state, ExpressionEvaluator evaluator) {
        this.state = state;
        this.evaluator = evaluator;
        this.access = new TableAccess(state, evaluator);
        this.rowSources = new RowSources(state, evaluator, access);
    }

    TableAccess access() {
        return access;
    }

    /** The results of {@code plan} evaluated inside {@code outer} (the enclosing query's row, for subqueries). */
    List<IonValue> run(QueryPlan plan, Scope outer) {
        List<Scope> rows = new ArrayList<>();
        bind(plan, 0, outer, rows);
        SelectQuery query = plan.query();
        if (plan.aggregate()) {
            Scope aggregated = outer.withAggregates(Aggregation.compute(state, evaluator, query, rows));
            List<IonValue> single = new ArrayList<>();
            IonValue value = project(plan, aggregated);
            if (value != null) {
                single.add(value);
            }
            return page(query, outer, single);
        }
        List<Projected> projected = new ArrayList<>();
        for (Scope row : rows) {
            projected.add(new Projected(row, project(plan, row)));
        }
        if (!query.orderBy().isEmpty()) {
            sort(query, projected);
        }
        List<IonValue> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Projected row : projected) {
            if (row.value() == null) {
                continue;
            }
            if (query.distinct() && !seen.add(ValueComparison.canonicalKey(row.value()))) {
                continue;
            }
            results.add(row.value());
        }
        return page(query, outer, results);
    }

    /** Binds FROM item {@code position} onward for every row it yields, collecting complete rows that pass WHERE. */
    private void bind(QueryPlan plan, int position, Scope scope, List<Scope> rows) {
        if (position == plan.sources().size()) {
            Optional<Expression> where = plan.query().where();
            if (where.isEmpty() || evaluator.isTrue(where.get(), scope)) {
                if (rows.size() == StatementLimits.MAX_QUERY_ROWS) {
                    throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "the query collects more than "
                        + StatementLimits.MAX_QUERY_ROWS + " rows (the query row limit is "
                        + StatementLimits.MAX_QUERY_ROWS + "); narrow it with WHERE, or by equality on an indexed"
                        + " field or the document id");
                }
                rows.add(scope);
            }
            return;
        }
        SourcePlan source = plan.sources().get(position);
        for (RowSources.Row row : rowSources.rows(source, scope)) {
            state.visitRow();
            Scope next = scope.bind(source.alias(), row.value(), true);
            if (source.atAlias().isPresent()) {
                next = next.bind(source.atAlias().get(), row.position(), false);
            }
            if (source.byAlias().isPresent()) {
                next = next.bind(source.byAlias().get(), row.documentId() == null ? null
                    : state.ion.newString(row.documentId()), false);
            }
            if (source.condition().isPresent() && !evaluator.isTrue(source.condition().get(), next)) {
                continue;
            }
            bind(plan, position + 1, next, rows);
        }
    }

    /** One result value, or Java null when it is MISSING (dropped from the result). */
    private IonValue project(QueryPlan plan, Scope row) {
        SelectQuery.Projection projection = plan.query().projection();
        if (projection instanceof SelectQuery.ValueOf valueOf) {
            IonValue value = evaluator.evaluate(valueOf.value(), row);
            return value == null ? null : state.copy(value);
        }
        IonStruct result = state.ion.newEmptyStruct();
        if (projection instanceof SelectQuery.Star) {
            List<SourcePlan> sources = plan.sources();
            if (sources.size() == 1) {
                IonValue value = row.find(sources.get(0).alias()).value();
                if (value instanceof IonStruct struct && !struct.isNullValue()) {
                    return state.copy(struct);
                }
            }
            for (int position = 0; position < sources.size(); position++) {
                addAll(result, row.find(sources.get(position).alias()).value(), "_" + (position + 1));
            }
            return result;
        }
        List<SelectQuery.ProjectionItem> items = ((SelectQuery.Items) projection).items();
        for (int position = 0; position < items.size(); position++) {
            SelectQuery.ProjectionItem item = items.get(position);
            if (item instanceof SelectQuery.AllFields allFields) {
                addAll(result, evaluator.evaluate(allFields.value(), row), "_" + (position + 1));
                continue;
            }
            SelectQuery.Column column = (SelectQuery.Column) item;
            IonValue value = evaluator.evaluate(column.value(), row);
            if (value != null) {
                result.add(columnName(column, position), state.copy(value));
            }
        }
        return result;
    }

    /** Copies a struct's fields into {@code result}; any other present value becomes field {@code fallbackName}. */
    private void addAll(IonStruct result, IonValue value, String fallbackName) {
        if (value instanceof IonStruct struct && !struct.isNullValue()) {
            for (IonValue field : struct) {
                result.add(field.getFieldName(), state.copy(field));
            }
        } else if (value != null) {
            result.add(fallbackName, state.copy(value));
        }
    }

    /** AS name; else the last name of a path ({@code r.Owners} → Owners); else {@code _N} for the N-th item. */
    static String columnName(SelectQuery.Column column, int position) {
        if (column.alias().isPresent()) {
            return column.alias().get();
        }
        Expression value = column.value();
        if (value instanceof Expression.Variable variable) {
            return variable.name();
        }
        if (value instanceof Expression.Path path) {
            PathStep last = path.steps().get(path.steps().size() - 1);
            if (last instanceof PathStep.Field field) {
                return field.name();
            }
            if (last instanceof PathStep.Index index && index.index() instanceof Expression.Literal literal
                && ValueComparison.isText(literal.value()) && !literal.value().isNullValue()) {
                return ValueComparison.text(literal.value());
            }
        }
        return "_" + (position + 1);
    }

    private void sort(SelectQuery query, List<Projected> rows) {
        List<SelectQuery.OrderItem> order = query.orderBy();
        Map<Projected, IonValue[]> keys = new IdentityHashMap<>();
        for (Projected row : rows) {
            IonValue[] values = new IonValue[order.size()];
            for (int position = 0; position < order.size(); position++) {
                values[position] = orderKey(order.get(position).value(), row);
            }
            keys.put(row, values);
        }
        Comparator<Projected> comparator = (a, b) -> {
            IonValue[] left = keys.get(a);
            IonValue[] right = keys.get(b);
            for (int position = 0; position < order.size(); position++) {
                int result = compareKeys(order.get(position), left[position], right[position]);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        };
        rows.sort(comparator);
    }

    /** An ORDER BY key; a bare name that is not a variable but is a projected column refers to that column. */
    private IonValue orderKey(Expression expression, Projected row) {
        if (expression instanceof Expression.Variable variable && row.scope().find(variable.name()) == null
            && row.value() instanceof IonStruct projected && projected.containsKey(variable.name())) {
            return projected.get(variable.name());
        }
        return evaluator.evaluate(expression, row.scope());
    }

    private static int compareKeys(SelectQuery.OrderItem item, IonValue left, IonValue right) {
        boolean leftAbsent = ValueComparison.isAbsent(left);
        boolean rightAbsent = ValueComparison.isAbsent(right);
        if (leftAbsent || rightAbsent) {
            if (leftAbsent && rightAbsent) {
                return 0;
            }
            return leftAbsent == item.nullsFirst() ? -1 : 1;
        }
        int order = ValueComparison.totalOrder(left, right);
        return item.descending() ? -order : order;
    }

    private List<IonValue> page(SelectQuery query, Scope outer, List<IonValue> results) {
        int offset = query.offset().map(expression -> count("OFFSET", expression, outer)).orElse(0);
        int limit = query.limit().map(expression -> count("LIMIT", expression, outer)).orElse(Integer.MAX_VALUE);
        if (offset == 0 && limit >= results.size()) {
            return results;
        }
        int from = Math.min(offset, results.size());
        return new ArrayList<>(results.subList(from, (int) Math.min(results.size(), (long) from + limit)));
    }

    private int count(String clause, Expression expression, Scope outer) {
        IonValue value = evaluator.evaluate(expression, outer);
        if (!(value instanceof com.amazon.ion.IonInt integer) || value.isNullValue() || integer.longValue() < 0
            || integer.longValue() > Integer.MAX_VALUE) {
            throw Planner.invalid(clause + " needs a non-negative integer, found " + ExpressionEvaluator.describe(value));
        }
        return integer.intValue();
    }

    /** A row with its projected result (Java null when MISSING). */
    private record Projected(Scope scope, IonValue value) {
    }
}
