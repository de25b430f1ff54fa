package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.PathStep;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a committed view ({@code _ql_committed_T}) a query reads when it reads the row only through paths
 * {@code r.data.f…} and {@code r.metadata.id} / {@code r.metadata.version}: each row is then built with just those
 * fields ({@code {data: {f: …}, metadata: {id, version}}}) instead of the whole view, which copies all the data (a
 * wallet account's with the operation record of its last transfer) and adds the block address, hash and the rest of
 * the metadata. Every path the query evaluates finds the same value in that row as in the whole view.
 *
 * @param dataFields the data fields read
 * @param id         whether {@code metadata.id} is read
 * @param version    whether {@code metadata.version} is read
 */
record ViewParts(Set<String> dataFields, boolean id, boolean version) {
    ViewParts {
        dataFields = Set.copyOf(dataFields);
    }

    /**
     * The parts {@code query} reads of its only FROM item, bound to {@code alias}, or empty when it may read more: the
     * row itself ({@code SELECT *}, {@code SELECT VALUE r}, {@code r.*}), another field of the view, a field by an
     * index or wildcard step, or a name not bound in the query (an implicit field of the row); a query with a
     * subquery is not looked into.
     *
     * @param boundNames the names the query binds (the alias, its AT and BY names)
     */
    static Optional<ViewParts> of(SelectQuery query, String alias, Set<String> boundNames) {
        if (query.projection() instanceof SelectQuery.Star) {
            return Optional.empty();
        }
        List<Expression> expressions = new ArrayList<>();
        if (query.projection() instanceof SelectQuery.ValueOf valueOf) {
            expressions.add(valueOf.value());
        } else {
            for (SelectQuery.ProjectionItem item : ((SelectQuery.Items) query.projection()).items()) {
                expressions.add(item instanceof SelectQuery.Column column ? column.value()
                    : ((SelectQuery.AllFields) item).value());
            }
        }
        query.sources().forEach(item -> item.condition().ifPresent(expressions::add));
        query.where().ifPresent(expressions::add);
        query.orderBy().forEach(order -> expressions.add(order.value()));
        query.limit().ifPresent(expressions::add);
        query.offset().ifPresent(expressions::add);
        Set<String> dataFields = new HashSet<>();
        boolean[] metadata = new boolean[2];
        for (Expression expression : expressions) {
            if (ExpressionTree.containsSubquery(expression)
                || !collect(expression, alias, boundNames, dataFields, metadata)) {
                return Optional.empty();
            }
        }
        return Optional.of(new ViewParts(dataFields, metadata[0], metadata[1]));
    }

    /** Adds what {@code expression} reads of the row; false when it reads more than this record can say. */
    private static boolean collect(Expression expression, String alias, Set<String> boundNames, Set<String> dataFields,
                                   boolean[] metadata) {
        if (expression instanceof Expression.Variable variable) {
            // The row itself, or a name looked up as the row's field: not a part this record describes.
            return !variable.name().equals(alias) && boundNames.contains(variable.name());
        }
        if (expression instanceof Expression.Path path && path.root() instanceof Expression.Variable root
            && root.name().equals(alias)) {
            if (path.steps().size() < 2 || !(path.steps().get(0) instanceof PathStep.Field part)
                || !(path.steps().get(1) instanceof PathStep.Field field)) {
                return false;
            }
            if (part.name().equals("data")) {
                dataFields.add(field.name());
            } else if (part.name().equals("metadata") && field.name().equals("id")) {
                metadata[0] = true;
            } else if (part.name().equals("metadata") && field.name().equals("version")) {
                metadata[1] = true;
            } else {
                return false;
            }
            for (PathStep step : path.steps()) {
                if (step instanceof PathStep.Index index
                    && !collect(index.index(), alias, boundNames, dataFields, metadata)) {
                    return false;
                }
            }
            return true;
        }
        for (Expression child : ExpressionTree.children(expression)) {
            if (!collect(child, alias, boundNames, dataFields, metadata)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The row of {@code document}: its data's fields named in {@link #dataFields} (copies) and the metadata asked for;
     * the whole view when the document has no data or names one of those fields twice (which of the two a path finds
     * is then the whole view's business).
     */
    IonValue rowOf(StoredDocument document, ExecutionState state) {
        IonStruct data = document.data();
        if (data == null) {
            return document.committedView();
        }
        IonStruct row = state.ion.newEmptyStruct();
        if (!dataFields.isEmpty()) {
            IonStruct fields = row.put("data").newEmptyStruct();
            for (IonValue field : data) {
                String name = field.getFieldName();
                if (name == null || !dataFields.contains(name)) {
                    continue;
                }
                if (fields.containsKey(name)) {
                    return document.committedView();
                }
                fields.add(name, state.copy(field));
            }
        }
        if (id || version) {
            IonStruct metadata = row.put("metadata").newEmptyStruct();
            if (id) {
                metadata.put("id").newString(document.documentId());
            }
            if (version) {
                metadata.put("version").newInt(document.version());
            }
        }
        row.makeReadOnly();
        return row;
    }
}
