package io.vellum.engine.query.internal.syntax;

import java.util.List;
import java.util.Optional;

/** A parsed PartiQL statement of the QLDB dialect (COMPATIBILITY.md §10.2). Immutable. */
public sealed interface Statement {

    /** {@code CREATE TABLE name [WITH (option = value, …)]}. */
    record CreateTable(String table, List<StatementOption> options) implements Statement {
        public CreateTable {
            options = List.copyOf(options);
        }
    }

    /** {@code CREATE INDEX ON table (field)}; {@code fieldPath} has more than one name when a nested path was written. */
    record CreateIndex(String table, List<String> fieldPath) implements Statement {
        public CreateIndex {
            fieldPath = List.copyOf(fieldPath);
        }
    }

    /** {@code DROP INDEX "indexId" ON table WITH (purge = true)}. */
    record DropIndex(String indexId, String table, List<StatementOption> options) implements Statement {
        public DropIndex {
            options = List.copyOf(options);
        }
    }

    /** {@code DROP TABLE name}. */
    record DropTable(String table) implements Statement {
    }

    /** {@code UNDROP TABLE "tableId"}. */
    record UndropTable(String tableId) implements Statement {
    }

    /**
     * {@code INSERT INTO table VALUE e} ({@code single}) or {@code INSERT INTO table <<…>> | ?} (a collection of
     * documents, or one struct).
     */
    record Insert(String table, Expression documents, boolean single) implements Statement {
    }

    /**
     * {@code UPDATE target SET/REMOVE … [WHERE …]} and the FROM-style {@code FROM target [WHERE …] SET/REMOVE/INSERT …}:
     * the same operation on every matching document.
     */
    record Update(DmlTarget target, List<DmlOperation> operations, Optional<Expression> where) implements Statement {
        public Update {
            operations = List.copyOf(operations);
        }
    }

    /** {@code DELETE FROM target [WHERE …]}. */
    record Delete(DmlTarget target, Optional<Expression> where) implements Statement {
    }

    /** A SELECT query. */
    record Select(SelectQuery query) implements Statement {
    }

    /** {@code EXEC procedure arg, …} (QLDB: {@code redact_revision}). */
    record Exec(String procedure, List<Expression> arguments) implements Statement {
        public Exec {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * The table a DML statement changes, with its optional AS and BY names, and (FROM-style DML only) the nested
     * collections of each document it ranges over: {@code FROM T AS t, @t.Owners.SecondaryOwners AS o}.
     */
    record DmlTarget(String table, Optional<String> alias, Optional<String> byAlias, List<NestedSource> nested) {
        public DmlTarget {
            nested = List.copyOf(nested);
        }

        public DmlTarget(String table, Optional<String> alias, Optional<String> byAlias) {
            this(table, alias, byAlias, List.of());
        }
    }

    /** {@code path AS alias [AT position]}: a collection inside each document of a FROM-style DML statement. */
    record NestedSource(Expression path, String alias, Optional<String> atAlias) {
    }

    /** {@code name = value} inside {@code WITH (…)}. */
    record StatementOption(String name, Expression value) {
    }

    /** One change applied to each matching document. */
    sealed interface DmlOperation {
    }

    /** {@code SET path = value}. */
    record SetValue(Expression path, Expression value) implements DmlOperation {
    }

    /** {@code REMOVE path}. */
    record Remove(Expression path) implements DmlOperation {
    }

    /** {@code INSERT INTO path VALUE value [AT position]}: adds to a nested list / sexp, or a field of a struct. */
    record InsertInto(Expression path, Expression value, Optional<Expression> position) implements DmlOperation {
    }
}
