package io.vellum.engine.query.internal.execution;

import io.vellum.engine.query.internal.execution.AccessCandidate.KeyValues;
import io.vellum.engine.query.internal.execution.SourcePlan.SourceKind;
import io.vellum.engine.query.internal.syntax.Expression;
import io.vellum.engine.query.internal.syntax.PathStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the conjuncts of a condition that let a table source be read by document id or by index instead of a scan:
 * {@code target = key}, {@code key = target} and {@code target IN (…)} / {@code target IN ?}, where the target is a
 * top-level field (or the document id) of that source and the key depends only on names bound before it.
 *
 * <p>Targets by source kind: user view {@code x.f}, {@code x['f']} or a bare {@code f} (single source); committed view
 * {@code x.data.f} and {@code x.metadata.id}; history {@code x.metadata.id}; any table: its BY name.
 */
final class AccessPathAnalysis {
    private AccessPathAnalysis() {
    }

    /**
     * The access candidates of one source: conjuncts {@code target = key} / {@code target IN keys} where target is a
     * field (or the id) of this source and the keys depend only on names bound before it.
     */
    static List<AccessCandidate> candidates(SourceKind kind, String alias, Optional<String> byAlias,
                                                    List<Expression> conjuncts, Set<String> boundBefore,
                                                    Set<String> allNames, boolean implicitFields) {
        if (!(kind instanceof SourcePlan.TableSource) && !(kind instanceof SourcePlan.HistorySource)) {
            return List.of();
        }
        List<AccessCandidate> byId = new ArrayList<>();
        List<AccessCandidate> byIndex = new ArrayList<>();
        TargetMatcher matcher = new TargetMatcher(kind, alias, byAlias, allNames, implicitFields);
        for (Expression conjunct : conjuncts) {
            Optional<String> target = Optional.empty();
            List<KeyValues> keys = List.of();
            if (conjunct instanceof Expression.Binary binary && binary.operator() == Expression.BinaryOperator.EQUAL) {
                if (matcher.target(binary.left()).isPresent() && independent(binary.right(), boundBefore)) {
                    target = matcher.target(binary.left());
                    keys = List.of(new KeyValues(binary.right(), false));
                } else if (matcher.target(binary.right()).isPresent() && independent(binary.left(), boundBefore)) {
                    target = matcher.target(binary.right());
                    keys = List.of(new KeyValues(binary.left(), false));
                }
            } else if (conjunct instanceof Expression.In in && !in.negated() && matcher.target(in.value()).isPresent()
                && independent(in.collection(), boundBefore)) {
                target = matcher.target(in.value());
                if (in.collection() instanceof Expression.ListConstructor list) {
                    keys = list.elements().stream().map(element -> new KeyValues(element, false)).toList();
                } else {
                    keys = List.of(new KeyValues(in.collection(), true));
                }
            }
            if (target.isEmpty()) {
                continue;
            }
            if (target.get().equals(TargetMatcher.DOCUMENT_ID)) {
                byId.add(new AccessCandidate.DocumentIdLookup(keys));
            } else {
                byIndex.add(new AccessCandidate.IndexLookup(target.get(), keys));
            }
        }
        List<AccessCandidate> all = new ArrayList<>(byId);
        all.addAll(byIndex);
        return all;
    }

    /** Whether {@code key} can be evaluated before the source is bound: only earlier names, no subquery. */
    private static boolean independent(Expression key, Set<String> boundBefore) {
        if (ExpressionTree.containsSubquery(key) || ExpressionTree.containsAggregate(key)) {
            return false;
        }
        Set<String> names = new HashSet<>();
        ExpressionTree.collectVariables(key, names);
        return boundBefore.containsAll(names);
    }

    /** Recognises expressions that denote a field (or the id) of one particular table source. */
    private static final class TargetMatcher {
        static final String DOCUMENT_ID = "\u0000document id";

        private final SourceKind kind;
        private final String alias;
        private final Optional<String> byAlias;
        private final Set<String> allNames;
        private final boolean implicitFields;

        TargetMatcher(SourceKind kind, String alias, Optional<String> byAlias, Set<String> allNames,
                      boolean implicitFields) {
            this.kind = kind;
            this.alias = alias;
            this.byAlias = byAlias;
            this.allNames = allNames;
            this.implicitFields = implicitFields;
        }

        /** The indexed field name, {@link #DOCUMENT_ID}, or empty when {@code expression} is neither. */
        Optional<String> target(Expression expression) {
            if (expression instanceof Expression.Variable variable) {
                if (byAlias.isPresent() && variable.name().equals(byAlias.get())) {
                    return Optional.of(DOCUMENT_ID);
                }
                if (implicitFields && !allNames.contains(variable.name()) && isUserView()) {
                    return Optional.of(variable.name());
                }
                return Optional.empty();
            }
            if (!(expression instanceof Expression.Path path) || !(path.root() instanceof Expression.Variable root)) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (PathStep step : path.steps()) {
                Optional<String> name = stepName(step);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                names.add(name.get());
            }
            if (root.name().equals(alias)) {
                return fieldOfRow(names);
            }
            if (implicitFields && !allNames.contains(root.name())) {
                List<String> fromRow = new ArrayList<>();
                fromRow.add(root.name());
                fromRow.addAll(names);
                return fieldOfRow(fromRow);
            }
            return Optional.empty();
        }

        /** The target named by a path from the row value. */
        private Optional<String> fieldOfRow(List<String> names) {
            if (isUserView()) {
                return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
            }
            if (names.equals(List.of("metadata", "id"))) {
                return Optional.of(DOCUMENT_ID);
            }
            if (kind instanceof SourcePlan.TableSource && names.size() == 2 && names.get(0).equals("data")) {
                return Optional.of(names.get(1));
            }
            return Optional.empty();
        }

        private boolean isUserView() {
            return kind instanceof SourcePlan.TableSource table && !table.committedView();
        }

        private static Optional<String> stepName(PathStep step) {
            if (step instanceof PathStep.Field field) {
                return Optional.of(field.name());
            }
            if (step instanceof PathStep.Index index && index.index() instanceof Expression.Literal literal
                && literal.value() instanceof com.amazon.ion.IonString text && !text.isNullValue()) {
                return Optional.of(text.stringValue());
            }
            return Optional.empty();
        }
    }
}
