package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * INSERT, UPDATE, FROM-style DML and DELETE. Each returns one {@code {documentId}} per document written. Every
 * document is checked (and every matching document found) before the first write, so a statement that fails leaves
 * nothing half-done in the transaction.
 */
final class DocumentWriter {
    private final ExecutionState state;
    private final ExpressionEvaluator evaluator;
    private final TableAccess access;

    DocumentWriter(ExecutionState state, ExpressionEvaluator evaluator, TableAccess access) {
        this.state = state;
        this.evaluator = evaluator;
        this.access = access;
    }

    List<IonValue> insert(StatementPlan.InsertDocuments insert) {
        TableHandle table = state.context.table(insert.table());
        IonValue value = evaluator.evaluate(insert.documents(), Scope.EMPTY);
        List<IonValue> documents = new ArrayList<>();
        if (!insert.single() && value instanceof IonList list && !list.isNullValue()) {
            list.forEach(documents::add);
        } else {
            documents.add(value);
        }
        for (int position = 0; position < documents.size(); position++) {
            IonValue document = documents.get(position);
            if (!(document instanceof IonStruct) || document.isNullValue()) {
                String which = documents.size() > 1 ? " (document " + (position + 1) + " of " + documents.size() + ")" : "";
                throw Planner.invalid("INSERT INTO " + insert.table() + " expects a struct, found "
                    + ExpressionEvaluator.describe(document) + which);
            }
        }
        List<IonValue> results = new ArrayList<>();
        for (IonValue document : documents) {
            results.add(documentIdResult(state.context.insert(table, (IonStruct) state.copy(document))));
        }
        return results;
    }

    List<IonValue> modify(StatementPlan.Modify modify) {
        SourcePlan source = modify.source();
        TableHandle table = state.context.table(((SourcePlan.TableSource) source.kind()).table());
        List<StoredDocument> matched = new ArrayList<>();
        List<List<Scope>> scopes = new ArrayList<>();
        for (StoredDocument document : access.documents(source, table, Scope.EMPTY)) {
            Scope scope = Scope.EMPTY.bind(source.alias(), document.data(), true);
            if (source.byAlias().isPresent()) {
                scope = scope.bind(source.byAlias().get(), state.ion.newString(document.documentId()), false);
            }
            List<Scope> matching = new ArrayList<>();
            for (Scope bound : nestedScopes(modify, document, scope)) {
                if (modify.where().isEmpty() || evaluator.isTrue(modify.where().get(), bound)) {
                    matching.add(bound);
                }
            }
            if (!matching.isEmpty()) {
                matched.add(document);
                scopes.add(matching);
            }
        }
        List<IonStruct> newData = new ArrayList<>();
        if (!modify.operations().isEmpty()) {
            DocumentMutation mutation = new DocumentMutation(state, evaluator);
            for (int position = 0; position < matched.size(); position++) {
                IonStruct data = state.ion.clone(matched.get(position).data());
                // Nested elements are changed last position first, so that removing one never moves another.
                List<Scope> matching = scopes.get(position);
                for (int binding = matching.size() - 1; binding >= 0; binding--) {
                    apply(mutation, modify.operations(), data, matching.get(binding));
                }
                newData.add(data);
            }
        }
        List<IonValue> results = new ArrayList<>();
        for (int position = 0; position < matched.size(); position++) {
            String documentId = matched.get(position).documentId();
            if (modify.operations().isEmpty()) {
                state.context.delete(table, documentId);
            } else {
                state.context.update(table, documentId, newData.get(position));
            }
            results.add(documentIdResult(documentId));
        }
        return results;
    }

    /**
     * The document's new data. As in SQL, every right-hand side and index is evaluated against the document as it
     * was before the statement; the changes then apply in the order written.
     */
    private void apply(DocumentMutation mutation, List<StatementPlan.PlannedOperation> operations, IonStruct data,
                       Scope scope) {
        List<List<Object>> keys = new ArrayList<>();
        List<IonValue> values = new ArrayList<>();
        List<IonValue> positions = new ArrayList<>();
        for (StatementPlan.PlannedOperation operation : operations) {
            keys.add(mutation.keys(operation.path(), scope));
            if (operation instanceof StatementPlan.SetOperation set) {
                values.add(copy(evaluator.evaluate(set.value(), scope)));
                positions.add(null);
            } else if (operation instanceof StatementPlan.InsertOperation insert) {
                values.add(copy(evaluator.evaluate(insert.value(), scope)));
                positions.add(insert.position().isPresent() ? evaluator.evaluate(insert.position().get(), scope) : null);
            } else {
                values.add(null);
                positions.add(null);
            }
        }
        for (int position = 0; position < operations.size(); position++) {
            StatementPlan.PlannedOperation operation = operations.get(position);
            if (operation instanceof StatementPlan.SetOperation) {
                mutation.set(data, operation.path(), keys.get(position), values.get(position));
            } else if (operation instanceof StatementPlan.RemoveOperation) {
                mutation.remove(data, operation.path(), keys.get(position));
            } else {
                mutation.insert(data, operation.path(), keys.get(position), values.get(position), positions.get(position));
            }
        }
    }

    /**
     * The scopes a document's WHERE is evaluated in: the document's own, or with a nested FROM item one per element
     * of its collection (in order), binding the element and its position. A document whose path reaches no list or
     * s-expression has none.
     */
    private List<Scope> nestedScopes(StatementPlan.Modify modify, StoredDocument document, Scope scope) {
        if (modify.nested().isEmpty()) {
            return List.of(scope);
        }
        StatementPlan.NestedPlan nested = modify.nested().get();
        IonValue collection = evaluator.navigate(document.data(), nested.steps(), scope);
        List<Scope> scopes = new ArrayList<>();
        if (collection instanceof com.amazon.ion.IonSequence sequence && !sequence.isNullValue()) {
            for (int position = 0; position < sequence.size(); position++) {
                scopes.add(scope.bind(nested.alias(), sequence.get(position), false)
                    .bind(nested.positionName(), state.ion.newInt(position), false));
            }
        }
        return scopes;
    }

    /** A detached copy, so that a value read from the old document survives changes to the new one. */
    private IonValue copy(IonValue value) {
        return value == null ? null : state.copy(value);
    }

    private IonValue documentIdResult(String documentId) {
        IonStruct result = state.ion.newEmptyStruct();
        result.add("documentId", state.ion.newString(documentId));
        return result;
    }
}
