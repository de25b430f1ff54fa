package io.vellum.bench.micro;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.query.QueryContext;
import io.vellum.engine.query.QueryEngine;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.internal.execution.Planner;
import io.vellum.engine.query.internal.execution.StatementPlan;
import io.vellum.engine.query.internal.syntax.StatementParser;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wallet transfer's statements through the query layer: parsing and planning one (what a plan-cache miss
 * costs), and {@link QueryEngine#execute} with the plan cache on (a hit: the engine's normal case, DESIGN.md
 * "plans are cached by statement text") and off (parse + plan + execute every time). Execution runs against an
 * in-memory {@link QueryContext} holding one indexed account, so what is left is the query layer's own work: the
 * cost of storage reads and of recording the read set is excluded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatementBenchmark {
    @Param({"select", "update"})
    public String statement;

    String text;
    List<IonValue> parameters;
    QueryEngine cached;
    QueryEngine uncached;
    OneAccount context;

    @Setup
    public void setUp() {
        IonSystem ion = SampleDocuments.ION;
        if (statement.equals("select")) {
            text = "SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?";
            parameters = List.of(ion.newString(SampleDocuments.accountId(42)));
        } else {
            text = "UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?";
            parameters = List.of(ion.newDecimal(new BigDecimal("1234467.89")), ion.newString(SampleDocuments.accountId(42)));
        }
        parameters.forEach(IonValue::makeReadOnly);
        cached = new QueryEngine(ion);
        uncached = new QueryEngine(ion, 0);
        context = new OneAccount(ion);
        if (cached.execute(context, text, parameters).size() != 1) {
            throw new IllegalStateException(text + " must find the account");
        }
    }

    /** Lexing, parsing and planning: the cost of a plan-cache miss before execution. */
    @Benchmark
    public StatementPlan parseAndPlan() {
        return Planner.plan(StatementParser.parse(text, SampleDocuments.ION));
    }

    /** Execution with the plan cache on: a cache hit (the plan was cached in the set-up). */
    @Benchmark
    public List<IonValue> executeCached() {
        return cached.execute(context, text, parameters);
    }

    /** Execution with the plan cache off: parse, plan and execute. */
    @Benchmark
    public List<IonValue> executeUncached() {
        return uncached.execute(context, text, parameters);
    }

    /** Table {@code Accounts} with an online index on {@code accountId} and one account; writes are dropped. */
    static final class OneAccount implements QueryContext {
        private final IonSystem ion;
        private final TableHandle accounts = new TableHandle("Fw2Hq7rTuDb0xKEg9mRqvN", "Accounts", true,
                List.of(new TableHandle.IndexInfo("Lq3xR0bJ5uYt8KcW1nZpQe", "accountId", "ONLINE")));
        private final StoredDocument account;
        private final Timestamp now = Timestamp.valueOf("2026-11-27T12:00:00.123Z");

        OneAccount(IonSystem ion) {
            this.ion = ion;
            IonStruct data = SampleDocuments.account(42);
            this.account = new StoredDocument("5PLf9SXwndd7sz00000042", 7, data, data);
        }

        @Override
        public IonSystem ion() {
            return ion;
        }

        @Override
        public TableHandle table(String name) {
            if (!name.equals(accounts.name())) {
                throw new IllegalArgumentException("only table Accounts exists, not " + name);
            }
            return accounts;
        }

        @Override
        public Optional<TableHandle> tableById(String tableId) {
            return tableId.equals(accounts.tableId()) ? Optional.of(accounts) : Optional.empty();
        }

        @Override
        public List<TableHandle> tables() {
            return List.of(accounts);
        }

        @Override
        public Iterator<StoredDocument> scan(TableHandle table) {
            return List.of(account).iterator();
        }

        @Override
        public Optional<StoredDocument> get(TableHandle table, String documentId) {
            return documentId.equals(account.documentId()) ? Optional.of(account) : Optional.empty();
        }

        @Override
        public Iterator<StoredDocument> lookup(TableHandle table, String field, IonValue value) {
            return value.equals(account.data().get(field)) ? List.of(account).iterator()
                    : List.<StoredDocument>of().iterator();
        }

        @Override
        public Iterator<StoredDocument> history(TableHandle table, Optional<String> documentId) {
            return List.of(account).iterator();
        }

        @Override
        public String insert(TableHandle table, IonStruct data) {
            return "5PLf9SXwndd7sz00000043";
        }

        @Override
        public void update(TableHandle table, String documentId, IonStruct newData) {
            // Dropped: the benchmark measures the query layer, not the write set.
        }

        @Override
        public void delete(TableHandle table, String documentId) {
            // Dropped, as update.
        }

        @Override
        public TableHandle createTable(String name) {
            throw new UnsupportedOperationException("DDL is not benchmarked");
        }

        @Override
        public String createIndex(TableHandle table, String field) {
            throw new UnsupportedOperationException("DDL is not benchmarked");
        }

        @Override
        public void dropIndex(TableHandle table, String indexId) {
            throw new UnsupportedOperationException("DDL is not benchmarked");
        }

        @Override
        public TableHandle dropTable(TableHandle table) {
            throw new UnsupportedOperationException("DDL is not benchmarked");
        }

        @Override
        public TableHandle undropTable(String tableId) {
            throw new UnsupportedOperationException("DDL is not benchmarked");
        }

        @Override
        public Timestamp now() {
            return now;
        }
    }
}
