package io.vellum.engine.query;

import com.amazon.ion.IonException;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.internal.execution.Planner;
import io.vellum.engine.query.internal.execution.StatementPlan;
import io.vellum.engine.query.internal.execution.StatementRunner;
import io.vellum.engine.query.internal.syntax.StatementParser;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs PartiQL statements in QLDB's dialect (COMPATIBILITY.md §10.2) against one transaction's {@link QueryContext}.
 *
 * <p>A statement is parsed (hand-written lexer and recursive-descent parser), planned (which equality conjuncts can
 * use a document-id or index lookup instead of a table scan) and executed over Ion values. Plans do not depend on
 * parameter values or on which indexes exist (that is checked per execution), so they are cached by statement
 * text in a bounded LRU cache: a driver that repeats {@code SELECT * FROM Person WHERE GovId = ?} parses it once.
 *
 * <p>Thread-safe: one engine serves every transaction of a ledger concurrently. Plans are immutable; the cache is
 * guarded by its own lock, held only for map operations (never while parsing or executing). Each {@code execute}
 * call uses its context from the calling thread only.
 */
public final class QueryEngine {
    /** Default number of cached plans. */
    public static final int DEFAULT_PLAN_CACHE_SIZE = 1024;
    /** Statements longer than this are not cached, so that 1024 huge statements cannot pin 100 MB of text. */
    static final int MAXIMUM_CACHED_STATEMENT_LENGTH = 16 * 1024;

    private final IonSystem ion;
    private final Map<String, StatementPlan> plans;

    /** An engine building results with {@code ion}, caching up to {@value #DEFAULT_PLAN_CACHE_SIZE} plans. */
    public QueryEngine(IonSystem ion) {
        this(ion, DEFAULT_PLAN_CACHE_SIZE);
    }

    /** An engine building results with {@code ion}, caching up to {@code planCacheSize} plans (0 disables it). */
    public QueryEngine(IonSystem ion, int planCacheSize) {
        this.ion = Objects.requireNonNull(ion, "ion");
        if (planCacheSize < 0) {
            throw new IllegalArgumentException("planCacheSize must not be negative: " + planCacheSize);
        }
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StatementPlan> eldest) {
                return size() > planCacheSize;
            }
        };
    }

    /**
     * Executes one statement inside the transaction behind {@code context}.
     *
     * @param context    the transaction (reads are recorded in its read set, writes buffered in its write set)
     * @param statement  the PartiQL text; keywords are case-insensitive, names case-sensitive
     * @param parameters the values of the positional parameters {@code ?}, in order of appearance
     * @return the result values: documents or projections for SELECT, {@code {documentId}} per written document for
     *         DML, one {@code {tableId}} for DDL; each a detached value built with this engine's Ion system
     * @throws io.vellum.error.LedgerException PARSE_ERROR (with line and column) for syntax errors, INVALID_REQUEST
     *         for semantic errors (parameter count, types, unsupported features), NOT_FOUND for unknown tables, and
     *         whatever the context throws (OCC conflicts, limits)
     */
    public List<IonValue> execute(QueryContext context, String statement, List<IonValue> parameters) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(parameters, "parameters");
        for (int i = 0; i < parameters.size(); i++) {
            StatementLimits.checkValueDepth(parameters.get(i), "parameter " + (i + 1));
        }
        try {
            return StatementRunner.run(plan(statement), ion, context, parameters);
        } catch (ArithmeticException | IllegalArgumentException | DateTimeException | IonException
                 | UnsupportedOperationException | IndexOutOfBoundsException e) {
            // A value the evaluator could not handle (a number or date out of range, an impossible conversion) is
            // the statement's fault; the library's own message and class name are not for the client.
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the statement could not be evaluated: "
                + EvaluationFailure.describe(e), e);
        }
    }

    /** The cached plan of {@code statement}, parsing and planning it on a miss. */
    private StatementPlan plan(String statement) {
        synchronized (plans) {
            StatementPlan cached = plans.get(statement);
            if (cached != null) {
                return cached;
            }
        }
        // Parsing outside the lock: two threads may plan the same text at once; both plans are equal, one is kept.
        StatementPlan plan = Planner.plan(StatementParser.parse(statement, ion));
        if (statement.length() <= MAXIMUM_CACHED_STATEMENT_LENGTH) {
            synchronized (plans) {
                plans.putIfAbsent(statement, plan);
            }
        }
        return plan;
    }

    /** How many plans are cached (for tests and metrics). */
    public int cachedPlanCount() {
        synchronized (plans) {
            return plans.size();
        }
    }
}
