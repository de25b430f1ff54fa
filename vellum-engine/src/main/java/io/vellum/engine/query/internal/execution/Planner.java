package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.execution.SourcePlan.SourceKind;
import io.vellum.engine.query.internal.execution.StatementPlan.DocumentPath;
import io.vellum.engine.query.internal.execution.StatementPlan.PlannedOperation;
import io.vellum.engine.query.TableNameRule;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.ParsedStatement;
import io.vellum.engine.query.internal.syntax.PathStep;
import io.vellum.engine.query.internal.syntax.SelectQuery;
import io.vellum.engine.query.internal.syntax.SelectQuery.FromItem;
import io.vellum.engine.query.internal.syntax.Statement;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed statement into a {@link StatementPlan}: checks what can be checked without data (functions and
 * their arity, aggregates, DML paths, DDL options) and finds, for every table source, the equality conjuncts that
 * allow fetching by document id or by index instead of scanning (DESIGN.md "Query": this decides the transaction's
 * read set, so it decides which concurrent commits conflict with it).
 *
 * <p>Whether an index exists is decided at execution against the table as the transaction sees it, so a cached plan
 * stays right after CREATE INDEX. One planner per statement; not thread-safe.
 */
public final class Planner {
    private static final String COMMITTED_PREFIX = "_ql_committed_";
    private static final int MAXIMUM_INDEX_FIELD_LENGTH = 128;
    /** The scope name of a nested DML element's position when no AT name is given (no identifier can spell it). */
    static final String NESTED_POSITION = "$position";

    private final Map<SelectQuery, QueryPlan> subqueries = new IdentityHashMap<>();

    private Planner() {
    }

    /** Plans a parsed statement. @throws LedgerException INVALID_REQUEST for statements that can never run */
    public static StatementPlan plan(ParsedStatement parsed) {
        Planner planner = new Planner();
        StatementPlan.Action action = planner.planStatement(parsed.statement());
        return new StatementPlan(action, parsed.parameterCount(), planner.subqueries);
    }

    private StatementPlan.Action planStatement(Statement statement) {
        if (statement instanceof Statement.Select select) {
            return new StatementPlan.Query(planQuery(select.query(), Set.of()));
        }
        if (statement instanceof Statement.Insert insert) {
            rejectCommittedView(insert.table());
            checkExpression(insert.documents(), Set.of(), false);
            return new StatementPlan.InsertDocuments(insert.table(), insert.documents(), insert.single());
        }
        if (statement instanceof Statement.Update update) {
            return planModify(update.target(), update.where(), update.operations());
        }
        if (statement instanceof Statement.Delete delete) {
            return planModify(delete.target(), delete.where(), List.of());
        }
        if (statement instanceof Statement.Exec exec) {
            exec.arguments().forEach(argument -> checkExpression(argument, Set.of(), false));
            return new StatementPlan.Procedure(exec.procedure(), exec.arguments());
        }
        checkDefinition(statement);
        return new StatementPlan.Definition(statement);
    }

    private static void checkDefinition(Statement statement) {
        if (statement instanceof Statement.CreateTable create) {
            TableNameRule.check(create.table());
            for (Statement.StatementOption option : create.options()) {
                if (!option.name().equalsIgnoreCase("aws_tags")) {
                    throw invalid("CREATE TABLE accepts only the option aws_tags, not " + option.name());
                }
            }
        } else if (statement instanceof Statement.CreateIndex index) {
            if (index.fieldPath().size() != 1) {
                throw invalid("an index covers one top-level field, not the path " + String.join(".", index.fieldPath()));
            }
            String field = index.fieldPath().get(0);
            if (field.isEmpty() || field.length() > MAXIMUM_INDEX_FIELD_LENGTH) {
                throw invalid("an index field name must have 1 to " + MAXIMUM_INDEX_FIELD_LENGTH + " characters, "
                    + field.length() + " given");
            }
        } else if (statement instanceof Statement.DropIndex drop) {
            boolean purge = drop.options().stream().anyMatch(option -> option.name().equalsIgnoreCase("purge")
                && option.value() instanceof Expression.Literal literal && literal.value() instanceof com.amazon.ion.IonBool bool
                && !bool.isNullValue() && bool.booleanValue());
            if (!purge || drop.options().size() != 1) {
                throw invalid("DROP INDEX requires exactly WITH (purge = true), found " + (drop.options().isEmpty()
                    ? "no WITH clause" : "WITH (" + drop.options().stream()
                    .map(option -> option.name() + " = " + (option.value() instanceof Expression.Literal literal
                        ? literal.value().toString() : "(expression)"))
                    .collect(java.util.stream.Collectors.joining(", ")) + ")"));
            }
        }
    }

    private StatementPlan.Modify planModify(Statement.DmlTarget target, Optional<Expression> where,
                                            List<Statement.DmlOperation> operations) {
        rejectCommittedView(target.table());
        String alias = target.alias().orElse(target.table());
        Set<String> names = new HashSet<>();
        names.add(alias);
        target.byAlias().ifPresent(names::add);
        if (target.byAlias().isPresent() && target.byAlias().get().equals(alias)) {
            throw invalid("the AS name and the BY name must differ: " + alias);
        }
        Optional<StatementPlan.NestedPlan> nested = planNested(target, alias, names);
        where.ifPresent(condition -> checkExpression(condition, names, false));
        SourceKind kind = new SourcePlan.TableSource(target.table(), false);
        List<Expression> conjuncts = new ArrayList<>();
        where.ifPresent(condition -> ExpressionTree.conjuncts(condition, conjuncts));
        SourcePlan source = new SourcePlan(kind, alias, Optional.empty(), target.byAlias(), Optional.empty(),
            AccessPathAnalysis.candidates(kind, alias, target.byAlias(), conjuncts, Set.of(), names, true));
        if (operations.size() == 1 && operations.get(0) instanceof Statement.Remove remove
            && remove.path() instanceof Expression.Variable variable && variable.name().equals(alias)) {
            // FROM T AS t WHERE … REMOVE t removes the whole document: a DELETE (QLDB documents this form).
            if (nested.isPresent()) {
                throw invalid("REMOVE " + alias + " deletes whole documents; it cannot be combined with a nested"
                    + " FROM item (" + nested.get().alias() + ")");
            }
            return new StatementPlan.Modify(source, where, List.of());
        }
        List<PlannedOperation> planned = new ArrayList<>();
        for (Statement.DmlOperation operation : operations) {
            planned.add(planOperation(operation, alias, target.byAlias(), names, nested));
        }
        return new StatementPlan.Modify(source, where, planned, nested);
    }

    /**
     * The nested collection of {@code FROM T AS t, @t.path AS o [AT i]}: one item, a path of fields and literal
     * indexes rooted at the document's name.
     */
    private Optional<StatementPlan.NestedPlan> planNested(Statement.DmlTarget target, String alias, Set<String> names) {
        if (target.nested().isEmpty()) {
            return Optional.empty();
        }
        if (target.nested().size() > 1) {
            throw invalid("FROM-style DML supports one nested collection after the table, found "
                + target.nested().size());
        }
        Statement.NestedSource source = target.nested().get(0);
        Expression path = source.path();
        if (!(path instanceof Expression.Path nestedPath) || !(nestedPath.root() instanceof Expression.Variable root)
            || !root.name().equals(alias) || nestedPath.steps().stream().anyMatch(step -> !(step instanceof PathStep.Field
            || step instanceof PathStep.Index index && index.index() instanceof Expression.Literal))) {
            throw invalid("a nested FROM item of a DML statement must be a path into the document such as @" + alias
                + ".Owners.SecondaryOwners, found " + ExpressionTree.pathText(path));
        }
        for (String name : List.of(source.alias(), source.atAlias().orElse(source.alias()))) {
            if (name.equals(alias) || target.byAlias().filter(name::equals).isPresent()) {
                throw invalid("the name " + name + " is bound twice in the FROM clause");
            }
        }
        names.add(source.alias());
        source.atAlias().ifPresent(names::add);
        return Optional.of(new StatementPlan.NestedPlan(nestedPath.steps(), source.alias(),
            source.atAlias().orElse(NESTED_POSITION)));
    }

    private PlannedOperation planOperation(Statement.DmlOperation operation, String alias, Optional<String> byAlias,
                                           Set<String> names, Optional<StatementPlan.NestedPlan> nested) {
        if (operation instanceof Statement.SetValue set) {
            checkExpression(set.value(), names, false);
            DocumentPath path = documentPath(set.path(), alias, byAlias, names, nested);
            if (path.steps().isEmpty()) {
                throw invalid("SET needs a path inside the document, not the whole document " + path.text());
            }
            return new StatementPlan.SetOperation(path, set.value());
        }
        if (operation instanceof Statement.Remove remove) {
            DocumentPath path = documentPath(remove.path(), alias, byAlias, names, nested);
            if (path.steps().isEmpty()) {
                throw invalid("REMOVE needs a path inside the document, not the whole document "
                    + ExpressionTree.pathText(remove.path()) + "; use DELETE to remove a document");
            }
            return new StatementPlan.RemoveOperation(path);
        }
        Statement.InsertInto insert = (Statement.InsertInto) operation;
        checkExpression(insert.value(), names, false);
        insert.position().ifPresent(position -> checkExpression(position, names, false));
        return new StatementPlan.InsertOperation(documentPath(insert.path(), alias, byAlias, names, nested),
            insert.value(), insert.position());
    }

    /**
     * A DML path relative to the document: {@code r.a.b} with alias r is {@code [a, b]}; a bare {@code a.b} too; and a
     * path rooted at a nested FROM item's name {@code o.x} is the nested path, the element's position, then {@code x}.
     */
    private DocumentPath documentPath(Expression path, String alias, Optional<String> byAlias, Set<String> names,
                                      Optional<StatementPlan.NestedPlan> nested) {
        checkExpression(path, names, false);
        String text = ExpressionTree.pathText(path);
        Expression root = path instanceof Expression.Path within ? within.root() : path;
        List<PathStep> steps = path instanceof Expression.Path within ? within.steps() : List.of();
        if (!(root instanceof Expression.Variable variable)) {
            throw invalid(text + " is not a path into the document");
        }
        if (byAlias.isPresent() && variable.name().equals(byAlias.get())) {
            throw invalid("the document id (" + variable.name() + ") cannot be changed");
        }
        if (variable.name().equals(alias)) {
            return new DocumentPath(text, steps);
        }
        if (nested.isPresent() && variable.name().equals(nested.get().alias())) {
            List<PathStep> fromRoot = new ArrayList<>(nested.get().steps());
            fromRoot.add(new PathStep.Index(new Expression.Variable(nested.get().positionName(), false)));
            fromRoot.addAll(steps);
            return new DocumentPath(text, fromRoot);
        }
        if (nested.isPresent() && nested.get().positionName().equals(variable.name())) {
            throw invalid(text + " is a position, not a path into the document");
        }
        List<PathStep> fromRoot = new ArrayList<>();
        fromRoot.add(new PathStep.Field(variable.name()));
        fromRoot.addAll(steps);
        return new DocumentPath(text, fromRoot);
    }

    /** Plans a SELECT whose expressions may also see {@code outerNames} (the variables of enclosing queries). */
    private QueryPlan planQuery(SelectQuery query, Set<String> outerNames) {
        List<FromItem> items = query.sources();
        Set<String> allNames = new HashSet<>(outerNames);
        List<String> aliases = new ArrayList<>();
        Set<String> bound = new HashSet<>(outerNames);
        List<Set<String>> boundBefore = new ArrayList<>();
        List<SourceKind> kinds = new ArrayList<>();
        for (int position = 0; position < items.size(); position++) {
            FromItem item = items.get(position);
            boundBefore.add(Set.copyOf(bound));
            SourceKind kind = sourceKind(item.source(), bound);
            kinds.add(kind);
            String alias = item.alias().orElseGet(() -> defaultAlias(item.source(), kinds.size()));
            aliases.add(alias);
            List<String> itemNames = new ArrayList<>();
            itemNames.add(alias);
            item.atAlias().ifPresent(itemNames::add);
            item.byAlias().ifPresent(itemNames::add);
            for (String name : itemNames) {
                if (!allNames.add(name) && !outerNames.contains(name)) {
                    throw invalid("the name " + name + " is bound twice in FROM");
                }
                bound.add(name);
            }
            if (item.byAlias().isPresent() && !(kind instanceof SourcePlan.TableSource)
                && !(kind instanceof SourcePlan.HistorySource)) {
                throw invalid("BY binds a document id, so it needs a table, not " + ExpressionTree.pathText(item.source()));
            }
            Set<String> visibleHere = Set.copyOf(bound);
            item.condition().ifPresent(condition -> checkExpression(condition, visibleHere, false));
        }
        query.where().ifPresent(condition -> checkExpression(condition, allNames, false));
        boolean aggregate = checkProjection(query, allNames, outerNames);
        for (SelectQuery.OrderItem order : query.orderBy()) {
            checkExpression(order.value(), allNames, false);
        }
        query.limit().ifPresent(limit -> checkExpression(limit, allNames, false));
        query.offset().ifPresent(offset -> checkExpression(offset, allNames, false));

        List<Expression> conjuncts = new ArrayList<>();
        query.where().ifPresent(condition -> ExpressionTree.conjuncts(condition, conjuncts));
        // Every join here is inner, so an ON conjunct restricts the result exactly as a WHERE conjunct would.
        for (FromItem item : items) {
            item.condition().ifPresent(condition -> ExpressionTree.conjuncts(condition, conjuncts));
        }
        boolean implicitFields = items.size() == 1 && outerNames.isEmpty();
        if (implicitFields && kinds.get(0) instanceof SourcePlan.TableSource table && table.committedView()) {
            kinds.set(0, new SourcePlan.TableSource(table.table(), true, ViewParts.of(query, aliases.get(0), allNames)));
        }
        List<SourcePlan> sources = new ArrayList<>();
        for (int position = 0; position < items.size(); position++) {
            FromItem item = items.get(position);
            List<AccessCandidate> candidates = AccessPathAnalysis.candidates(kinds.get(position), aliases.get(position), item.byAlias(),
                conjuncts, boundBefore.get(position), allNames, implicitFields);
            sources.add(new SourcePlan(kinds.get(position), aliases.get(position), item.atAlias(), item.byAlias(),
                item.condition(), candidates));
        }
        return new QueryPlan(query, sources, aggregate);
    }

    /** Checks the projection; returns whether it is an aggregate query. */
    private boolean checkProjection(SelectQuery query, Set<String> allNames, Set<String> outerNames) {
        List<Expression> values = new ArrayList<>();
        if (query.projection() instanceof SelectQuery.ValueOf valueOf) {
            values.add(valueOf.value());
        } else if (query.projection() instanceof SelectQuery.Items items) {
            for (SelectQuery.ProjectionItem item : items.items()) {
                values.add(item instanceof SelectQuery.Column column ? column.value()
                    : ((SelectQuery.AllFields) item).value());
            }
        }
        boolean aggregate = values.stream().anyMatch(ExpressionTree::containsAggregate);
        for (Expression value : values) {
            checkExpression(value, allNames, aggregate);
        }
        if (!aggregate) {
            return false;
        }
        if (query.projection() instanceof SelectQuery.Star) {
            return false;
        }
        for (Expression value : values) {
            Set<String> outside = new HashSet<>();
            ExpressionTree.collectVariablesOutsideAggregates(value, outside);
            outside.removeAll(outerNames);
            if (!outside.isEmpty()) {
                throw invalid("a query with aggregate functions can only select aggregates (GROUP BY is not "
                    + "supported), but it also selects " + String.join(", ", outside));
            }
        }
        if (!query.orderBy().isEmpty()) {
            throw invalid("ORDER BY is meaningless on an aggregate query without GROUP BY");
        }
        return true;
    }

    private SourceKind sourceKind(Expression source, Set<String> bound) {
        if (source instanceof Expression.Variable variable && !bound.contains(variable.name())) {
            String name = variable.name();
            if (name.startsWith(COMMITTED_PREFIX) && name.length() > COMMITTED_PREFIX.length()) {
                return new SourcePlan.TableSource(name.substring(COMMITTED_PREFIX.length()), true);
            }
            return new SourcePlan.TableSource(name, false);
        }
        if (source instanceof Expression.Path path && path.root() instanceof Expression.Variable root
            && !bound.contains(root.name()) && root.name().equalsIgnoreCase("information_schema")) {
            if (path.steps().size() == 1 && path.steps().get(0) instanceof PathStep.Field field
                && field.name().equalsIgnoreCase("user_tables")) {
                return new SourcePlan.CatalogSource();
            }
            throw invalid("the only system catalog is information_schema.user_tables, not "
                + ExpressionTree.pathText(source));
        }
        if (source instanceof Expression.FunctionCall call && call.name().equals("history")) {
            if (call.arguments().isEmpty() || call.arguments().size() > 3) {
                throw invalid("history() takes a table name or id and up to two timestamps, "
                    + call.arguments().size() + " arguments given");
            }
            Expression table = call.arguments().get(0);
            if (!(table instanceof Expression.Variable)) {
                checkExpression(table, bound, false);
            }
            for (Expression timeBound : call.arguments().subList(1, call.arguments().size())) {
                checkExpression(timeBound, bound, false);
            }
            Optional<Expression> start = call.arguments().size() > 1 ? Optional.of(call.arguments().get(1)) : Optional.empty();
            Optional<Expression> end = call.arguments().size() > 2 ? Optional.of(call.arguments().get(2)) : Optional.empty();
            return new SourcePlan.HistorySource(table, start, end);
        }
        checkExpression(source, bound, false);
        return new SourcePlan.ExpressionSource(source);
    }

    /** PartiQL's default FROM alias: the last name of the source ({@code T}, {@code user_tables}, {@code list}). */
    private static String defaultAlias(Expression source, int position) {
        if (source instanceof Expression.Variable variable) {
            return variable.name();
        }
        if (source instanceof Expression.Path path && path.steps().get(path.steps().size() - 1) instanceof PathStep.Field field) {
            return field.name();
        }
        if (source instanceof Expression.FunctionCall call) {
            return call.name();
        }
        return "_" + position;
    }

    /**
     * Checks functions, arity and aggregate placement, and plans the subqueries inside {@code expression}.
     *
     * @param aggregatesAllowed whether aggregate calls may appear (only in an aggregate query's projection)
     */
    private void checkExpression(Expression expression, Set<String> visibleNames, boolean aggregatesAllowed) {
        if (expression instanceof Expression.Subquery subquery) {
            subqueries.put(subquery.query(), planQuery(subquery.query(), visibleNames));
            return;
        }
        if (expression instanceof Expression.FunctionCall call) {
            if (call.name().equals("history")) {
                throw invalid("history() can only be used in FROM");
            }
            ScalarFunctions.checkCall(call.name(), call.arguments().size());
        }
        if (expression instanceof Expression.Cast cast) {
            CastConversion.checkType(cast.typeName());
        }
        if (expression instanceof Expression.Aggregate aggregate) {
            if (!aggregatesAllowed) {
                throw invalid(aggregate.function() + " is an aggregate function; it can only be used in the SELECT list");
            }
            aggregate.argument().ifPresent(argument -> checkExpression(argument, visibleNames, false));
            return;
        }
        for (Expression child : ExpressionTree.children(expression)) {
            checkExpression(child, visibleNames, aggregatesAllowed);
        }
    }

    private static void rejectCommittedView(String table) {
        if (table.startsWith("_ql_")) {
            throw invalid("system views such as " + table + " are read-only");
        }
    }

    static LedgerException invalid(String message) {
        return new LedgerException(ErrorCode.INVALID_REQUEST, message);
    }

}
