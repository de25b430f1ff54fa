package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.syntax.Expression;
import java.util.List;
import java.util.Optional;

/**
 * How one FROM item produces rows.
 *
 * @param kind       where rows come from
 * @param alias      the name the row is bound to
 * @param atAlias    AT name (list position), if any
 * @param byAlias    BY name (document id), if any
 * @param condition  the ON condition of an inner join, applied as soon as this item is bound
 * @param candidates ways to avoid a scan, in order of preference (document id first); empty means scan
 */
record SourcePlan(SourceKind kind, String alias, Optional<String> atAlias, Optional<String> byAlias,
                  Optional<Expression> condition, List<AccessCandidate> candidates) {
    SourcePlan {
        candidates = List.copyOf(candidates);
    }

    /** The kinds of FROM items. */
    sealed interface SourceKind {
    }

    /**
     * A user table (documents' data) or its committed view {@code _ql_committed_T} (whole revisions).
     *
     * @param viewParts of a committed view, the only parts the query reads, when it says so ({@link ViewParts})
     */
    record TableSource(String table, boolean committedView, Optional<ViewParts> viewParts) implements SourceKind {
        TableSource(String table, boolean committedView) {
            this(table, committedView, Optional.empty());
        }
    }

    /**
     * {@code history(table [, start [, end]])}; {@code table} is a name ({@link Expression.Variable}) or an expression
     * giving the table id.
     */
    record HistorySource(Expression table, Optional<Expression> start, Optional<Expression> end) implements SourceKind {
    }

    /** {@code information_schema.user_tables}. */
    record CatalogSource() implements SourceKind {
    }

    /** Any other expression (a path over an earlier item, a bag literal, a subquery): iterated as a collection. */
    record ExpressionSource(Expression value) implements SourceKind {
    }
}
