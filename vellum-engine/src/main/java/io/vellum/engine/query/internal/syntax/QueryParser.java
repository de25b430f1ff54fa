package io.vellum.engine.query.internal.syntax;

import com.amazon.ion.IonSystem;
import io.vellum.engine.query.StatementLimits;
import io.vellum.engine.query.internal.syntax.SelectQuery.FromItem;
import io.vellum.engine.query.internal.syntax.SelectQuery.JoinKind;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses SELECT queries: projection, FROM items with AS / AT / BY and joins, WHERE, ORDER BY, LIMIT, OFFSET.
 * GROUP BY / HAVING and outer joins are refused with INVALID_REQUEST (QLDB supports inner joins only).
 */
abstract class QueryParser extends ExpressionParser {

    QueryParser(List<Token> tokens, IonSystem ion) {
        super(tokens, ion);
    }

    /** {@code SELECT …} up to (not including) whatever follows the query. */
    @Override
    final SelectQuery parseSelect() {
        expectKeyword("select");
        boolean distinct = acceptKeyword("distinct");
        if (!distinct) {
            acceptKeyword("all");
        }
        SelectQuery.Projection projection = parseProjection();
        expectKeyword("from");
        List<FromItem> sources = parseFromItems();
        Optional<Expression> where = acceptKeyword("where") ? Optional.of(parseExpression()) : Optional.empty();
        if (atKeyword("group") || atKeyword("having")) {
            String clause = atKeyword("group") ? "GROUP BY" : "HAVING";
            throw new LedgerException(ErrorCode.INVALID_REQUEST, clause + " is not supported (line " + peek().line()
                + ", column " + peek().column() + "); aggregates apply to all selected rows");
        }
        List<SelectQuery.OrderItem> orderBy = new ArrayList<>();
        if (acceptKeyword("order")) {
            expectKeyword("by");
            do {
                orderBy.add(parseOrderItem());
            } while (acceptSymbol(","));
        }
        Optional<Expression> limit = acceptKeyword("limit") ? Optional.of(parseExpression()) : Optional.empty();
        Optional<Expression> offset = acceptKeyword("offset") ? Optional.of(parseExpression()) : Optional.empty();
        return new SelectQuery(projection, distinct, sources, where, orderBy, limit, offset);
    }

    private SelectQuery.OrderItem parseOrderItem() {
        Expression value = parseExpression();
        boolean descending = false;
        if (acceptKeyword("desc")) {
            descending = true;
        } else {
            acceptKeyword("asc");
        }
        // PartiQL's default: NULLS LAST for ascending, NULLS FIRST for descending.
        boolean nullsFirst = descending;
        if (acceptKeyword("nulls")) {
            if (acceptKeyword("first")) {
                nullsFirst = true;
            } else {
                expectKeyword("last");
                nullsFirst = false;
            }
        }
        return new SelectQuery.OrderItem(value, descending, nullsFirst);
    }

    private SelectQuery.Projection parseProjection() {
        if (acceptSymbol("*")) {
            return new SelectQuery.Star();
        }
        // VALUE is a keyword unless it is obviously a name: "SELECT value FROM", "SELECT value, x", "SELECT value.a".
        if (atKeyword("value") && !peek(1).isKeyword("from") && !peek(1).isSymbol(",") && !peek(1).isSymbol(".")
            && !peek(1).isKeyword("as")) {
            advance();
            return new SelectQuery.ValueOf(parseExpression());
        }
        List<SelectQuery.ProjectionItem> items = new ArrayList<>();
        do {
            items.add(parseProjectionItem());
        } while (acceptSymbol(","));
        return new SelectQuery.Items(items);
    }

    private SelectQuery.ProjectionItem parseProjectionItem() {
        Expression value = parseExpression();
        if (atSymbol(".") && peek(1).isSymbol("*")) {
            advance();
            advance();
            return new SelectQuery.AllFields(value);
        }
        return new SelectQuery.Column(value, parseAlias());
    }

    /** {@code AS name} or a bare non-reserved name. */
    final Optional<String> parseAlias() {
        if (acceptKeyword("as")) {
            return Optional.of(expectName("an alias after AS"));
        }
        return atName() ? Optional.of(advance().text()) : Optional.empty();
    }

    private List<FromItem> parseFromItems() {
        List<FromItem> items = new ArrayList<>();
        items.add(parseFromItem(JoinKind.FIRST));
        while (true) {
            if (items.size() > StatementLimits.MAX_FROM_ITEMS) {
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED, "the query has more than "
                    + StatementLimits.MAX_FROM_ITEMS + " FROM items (the FROM item limit is "
                    + StatementLimits.MAX_FROM_ITEMS + ")");
            }
            if (acceptSymbol(",")) {
                items.add(parseFromItem(JoinKind.CROSS));
            } else if (atKeyword("cross")) {
                advance();
                expectKeyword("join");
                items.add(parseFromItem(JoinKind.CROSS));
            } else if (atKeyword("inner") || atKeyword("join")) {
                acceptKeyword("inner");
                expectKeyword("join");
                FromItem item = parseFromItem(JoinKind.INNER);
                if (acceptKeyword("on")) {
                    item = new FromItem(item.source(), item.alias(), item.atAlias(), item.byAlias(), JoinKind.INNER,
                        Optional.of(parseExpression()));
                }
                items.add(item);
            } else if (atKeyword("left") || atKeyword("right") || atKeyword("full") || atKeyword("outer")) {
                Token token = peek();
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "only inner joins are supported, found "
                    + token.text().toUpperCase(Locale.ROOT) + " JOIN at line " + token.line() + ", column "
                    + token.column());
            } else {
                return items;
            }
        }
    }

    private FromItem parseFromItem(JoinKind join) {
        // A FROM item is a level of nesting like an expression, so subqueries nested in FROM count two levels each.
        enterNesting();
        Expression source = parsePostfix();
        if (atSymbol(".") && peek(1).isSymbol("*")) {
            // FROM t.Owners.* AS o: a final .* in FROM ranges over the struct's field values.
            advance();
            advance();
            List<PathStep> steps = new ArrayList<>(source instanceof Expression.Path path ? path.steps() : List.of());
            steps.add(new PathStep.AllFieldValues());
            source = new Expression.Path(source instanceof Expression.Path path ? path.root() : source, steps);
        }
        leaveNesting();
        Optional<String> alias = parseAlias();
        Optional<String> at = acceptKeyword("at") ? Optional.of(expectName("a name after AT")) : Optional.empty();
        Optional<String> by = acceptKeyword("by") ? Optional.of(expectName("a name after BY")) : Optional.empty();
        return new FromItem(source, alias, at, by, join, Optional.empty());
    }
}
