package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.QueryContext;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.Locale;

/** Executes a {@link StatementPlan} against one transaction. Stateless; safe to call from many threads. */
public final class StatementRunner {
    private StatementRunner() {
    }

    /**
     * Runs {@code plan} with {@code parameters} bound to its {@code ?}s, in order.
     *
     * @throws LedgerException INVALID_REQUEST when the parameter count differs from the statement's, or for any
     *                         semantic error; whatever the context throws (NOT_FOUND for an unknown table, …)
     */
    public static List<IonValue> run(StatementPlan plan, IonSystem ion, QueryContext context, List<IonValue> parameters) {
        if (parameters.size() != plan.parameterCount()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the statement has " + plan.parameterCount()
                + " parameter" + (plan.parameterCount() == 1 ? "" : "s") + " (?) but " + parameters.size()
                + (parameters.size() == 1 ? " was" : " were") + " given");
        }
        ExecutionState state = new ExecutionState(ion, context, plan, List.copyOf(parameters));
        ExpressionEvaluator evaluator = new ExpressionEvaluator(state);
        SelectExecutor selects = new SelectExecutor(state, evaluator);
        evaluator.useSelects(selects);
        StatementPlan.Action action = plan.action();
        if (action instanceof StatementPlan.Query query) {
            List<IonValue> results = selects.run(query.plan(), Scope.EMPTY);
            ResultSize.check(results);
            return results;
        }
        if (action instanceof StatementPlan.InsertDocuments insert) {
            return new DocumentWriter(state, evaluator, selects.access()).insert(insert);
        }
        if (action instanceof StatementPlan.Modify modify) {
            return new DocumentWriter(state, evaluator, selects.access()).modify(modify);
        }
        if (action instanceof StatementPlan.Definition definition) {
            return new DefinitionExecutor(state).run(definition.statement());
        }
        StatementPlan.Procedure procedure = (StatementPlan.Procedure) action;
        if (procedure.name().equalsIgnoreCase("redact_revision")) {
            if (procedure.arguments().size() != 3) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "EXEC redact_revision takes 3 arguments (block "
                    + "address, table id, document id), got " + procedure.arguments().size());
            }
            IonValue blockAddress = evaluator.evaluate(procedure.arguments().get(0), Scope.EMPTY);
            IonValue tableId = evaluator.evaluate(procedure.arguments().get(1), Scope.EMPTY);
            IonValue documentId = evaluator.evaluate(procedure.arguments().get(2), Scope.EMPTY);
            return List.of(context.redactRevision(blockAddress, tableId, documentId));
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, "unknown stored procedure "
            + procedure.name().toLowerCase(Locale.ROOT) + " (QLDB has only redact_revision)");
    }
}
