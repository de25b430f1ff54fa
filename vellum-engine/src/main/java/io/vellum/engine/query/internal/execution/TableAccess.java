package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonSequence;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.query.StoredDocument;
import io.vellum.engine.query.TableHandle;
import io.vellum.engine.query.internal.execution.AccessCandidate.KeyValues;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches the candidate documents of a table source through the narrowest access path the transaction offers:
 * {@link io.vellum.engine.query.QueryContext#get} for a document-id equality, {@code lookup} for an equality on a
 * field with an ONLINE index, {@code scan} otherwise. The choice decides the transaction's read set, hence which
 * concurrent commits make it fail OCC (COMPATIBILITY.md §10.4). Results are a superset of the matching rows: callers re-apply the
 * full condition.
 */
final class TableAccess {
    /** QLDB's status of an index that queries may use (COMPATIBILITY.md §10.2: an index is not used until ONLINE). */
    static final String USABLE_INDEX_STATUS = "ONLINE";

    private final ExecutionState state;
    private final ExpressionEvaluator evaluator;

    TableAccess(ExecutionState state, ExpressionEvaluator evaluator) {
        this.state = state;
        this.evaluator = evaluator;
    }

    /** The live documents of {@code table} that may satisfy {@code source}'s conditions, each once. */
    List<StoredDocument> documents(SourcePlan source, TableHandle table, Scope scope) {
        for (AccessCandidate candidate : source.candidates()) {
            if (candidate instanceof AccessCandidate.DocumentIdLookup) {
                Map<String, StoredDocument> found = new LinkedHashMap<>();
                for (IonValue key : keys(candidate.keys(), scope)) {
                    if (ValueComparison.isText(key)) {
                        state.context.get(table, ValueComparison.text(key))
                            .ifPresent(document -> found.putIfAbsent(document.documentId(), document));
                    }
                }
                return new ArrayList<>(found.values());
            }
            AccessCandidate.IndexLookup lookup = (AccessCandidate.IndexLookup) candidate;
            boolean indexed = table.indexOn(lookup.field())
                .filter(index -> USABLE_INDEX_STATUS.equals(index.status())).isPresent();
            if (indexed) {
                Map<String, StoredDocument> found = new LinkedHashMap<>();
                for (IonValue key : keys(lookup.keys(), scope)) {
                    collect(state.context.lookup(table, lookup.field(), state.copy(key)), found);
                }
                return new ArrayList<>(found.values());
            }
        }
        return state.memoisedScan(source, () -> {
            Map<String, StoredDocument> all = new LinkedHashMap<>();
            collect(state.context.scan(table), all);
            return new ArrayList<>(all.values());
        });
    }

    /**
     * The revisions {@code history(table, start, end)} returns: those active at some instant of the inclusive range
     * (a revision is active from its commit until the next revision of its document), using the document-id
     * candidate, if any, to read only those documents' histories.
     */
    List<StoredDocument> history(SourcePlan source, TableHandle table, Optional<Timestamp> start,
                                 Optional<Timestamp> end, Scope scope) {
        List<StoredDocument> revisions = new ArrayList<>();
        Optional<AccessCandidate> byId = source.candidates().stream()
            .filter(candidate -> candidate instanceof AccessCandidate.DocumentIdLookup).findFirst();
        if (byId.isPresent()) {
            for (IonValue key : keys(byId.get().keys(), scope)) {
                if (ValueComparison.isText(key)) {
                    state.context.history(table, Optional.of(ValueComparison.text(key))).forEachRemaining(revisions::add);
                }
            }
        } else {
            state.context.history(table, Optional.empty()).forEachRemaining(revisions::add);
        }
        if (start.isEmpty()) {
            return revisions;
        }
        Timestamp to = end.orElseGet(state::now);
        List<StoredDocument> active = new ArrayList<>();
        for (int position = 0; position < revisions.size(); position++) {
            StoredDocument revision = revisions.get(position);
            Timestamp from = commitTime(revision);
            StoredDocument next = position + 1 < revisions.size() ? revisions.get(position + 1) : null;
            boolean superseded = next != null && next.documentId().equals(revision.documentId());
            // Active during [from, nextFrom): it overlaps [start, to] when from <= to and nextFrom > start.
            if (from.compareTo(to) <= 0 && (!superseded || commitTime(next).compareTo(start.get()) > 0)) {
                active.add(revision);
            }
        }
        return active;
    }

    /** The commit time of a revision (metadata.txTime); a revision without one counts as written now. */
    private Timestamp commitTime(StoredDocument revision) {
        IonStruct view = revision.committedView();
        if (view != null && view.get("metadata") instanceof IonStruct metadata
            && metadata.get("txTime") instanceof IonTimestamp time && !time.isNullValue()) {
            return time.timestampValue();
        }
        return state.now();
    }

    /** The distinct, present key values: collections expanded, null / MISSING dropped (they never equal anything). */
    private List<IonValue> keys(List<KeyValues> keyValues, Scope scope) {
        Set<String> seen = new LinkedHashSet<>();
        List<IonValue> keys = new ArrayList<>();
        for (KeyValues key : keyValues) {
            IonValue value = evaluator.evaluate(key.expression(), scope);
            List<IonValue> values = new ArrayList<>();
            if (key.collection()) {
                if (value instanceof IonSequence sequence && !sequence.isNullValue()) {
                    sequence.forEach(values::add);
                }
            } else {
                values.add(value);
            }
            for (IonValue candidate : values) {
                // Indexes are keyed by PartiQL equality (EqualityKey), so 1 and 1.0 are one key: probe it once.
                if (!ValueComparison.isAbsent(candidate) && seen.add(ValueComparison.canonicalKey(candidate))) {
                    keys.add(candidate);
                }
            }
        }
        return keys;
    }

    private static void collect(Iterator<StoredDocument> documents, Map<String, StoredDocument> into) {
        while (documents.hasNext()) {
            StoredDocument document = documents.next();
            into.putIfAbsent(document.documentId(), document);
        }
    }

    /** The table a history() source names: an active table by name, or any table (dropped too) by id. */
    TableHandle historyTable(SourcePlan.HistorySource history, Scope scope) {
        if (history.table() instanceof io.vellum.engine.query.internal.syntax.Expression.Variable variable
            && scope.find(variable.name()) == null) {
            return state.context.table(variable.name());
        }
        IonValue id = evaluator.evaluate(history.table(), scope);
        if (!ValueComparison.isText(id) || id.isNullValue()) {
            throw Planner.invalid("history() needs a table name or a table id string, found "
                + ExpressionEvaluator.describe(id));
        }
        String tableId = ValueComparison.text(id);
        return state.context.tableById(tableId).orElseThrow(() ->
            new LedgerException(ErrorCode.NOT_FOUND, "no table with id " + tableId));
    }
}
