package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.TableTags;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.Statement;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.Map;

/** CREATE TABLE / INDEX, DROP TABLE / INDEX, UNDROP TABLE: each returns one {@code {tableId}} (COMPATIBILITY.md §8.5). */
final class DefinitionExecutor {
    private final ExecutionState state;

    DefinitionExecutor(ExecutionState state) {
        this.state = state;
    }

    List<IonValue> run(Statement statement) {
        if (statement instanceof Statement.CreateTable create) {
            if (create.options().size() > 1) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "CREATE TABLE takes aws_tags once, not "
                    + create.options().size() + " times");
            }
            Map<String, String> tags = Map.of();
            for (Statement.StatementOption option : create.options()) {
                // The planner allowed only aws_tags; its value is an Ion literal in backticks.
                if (!(option.value() instanceof Expression.Literal literal)) {
                    throw new LedgerException(ErrorCode.INVALID_REQUEST, "aws_tags must be an Ion struct literal in"
                        + " backticks, such as `{'environment': 'production'}`");
                }
                tags = TableTags.fromIon(literal.value());
            }
            return tableIdResult(state.context.createTable(create.table(), tags));
        }
        if (statement instanceof Statement.CreateIndex index) {
            TableHandle table = state.context.table(index.table());
            String field = index.fieldPath().get(0);
            if (table.indexOn(field).isPresent()) {
                throw new LedgerException(ErrorCode.ALREADY_EXISTS, "table " + table.name() + " already has an index on "
                    + field + " (" + table.indexOn(field).get().indexId() + ")");
            }
            state.context.createIndex(table, field);
            return tableIdResult(table);
        }
        if (statement instanceof Statement.DropIndex drop) {
            TableHandle table = state.context.table(drop.table());
            boolean exists = table.indexes().stream().anyMatch(index -> index.indexId().equals(drop.indexId()));
            if (!exists) {
                throw new LedgerException(ErrorCode.NOT_FOUND, "table " + table.name() + " has no index with id "
                    + drop.indexId());
            }
            state.context.dropIndex(table, drop.indexId());
            return tableIdResult(table);
        }
        if (statement instanceof Statement.DropTable drop) {
            return tableIdResult(state.context.dropTable(state.context.table(drop.table())));
        }
        Statement.UndropTable undrop = (Statement.UndropTable) statement;
        return tableIdResult(state.context.undropTable(undrop.tableId()));
    }

    private List<IonValue> tableIdResult(TableHandle table) {
        IonStruct result = state.ion.newEmptyStruct();
        result.add("tableId", state.ion.newString(table.tableId()));
        return List.of(result);
    }
}
