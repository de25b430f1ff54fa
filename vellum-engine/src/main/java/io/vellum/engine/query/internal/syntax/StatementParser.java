package io.vellum.engine.query.internal.syntax;

import com.amazon.ion.IonSystem;
import io.vellum.engine.query.internal.syntax.Statement.DmlOperation;
import io.vellum.engine.query.internal.syntax.Statement.DmlTarget;
import io.vellum.engine.query.internal.syntax.Statement.StatementOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses one statement of QLDB's PartiQL dialect (COMPATIBILITY.md §10.2): DDL, INSERT, UPDATE, FROM-style DML, DELETE, SELECT
 * and EXEC. Syntax errors are {@code PARSE_ERROR}s naming line, column, what was expected and what was found.
 *
 * <p>Not thread-safe; {@link #parse} makes a fresh parser per call.
 */
public final class StatementParser extends QueryParser {

    private StatementParser(List<Token> tokens, IonSystem ion) {
        super(tokens, ion);
    }

    /** Parses {@code text}; a trailing {@code ;} is allowed. */
    public static ParsedStatement parse(String text, IonSystem ion) {
        StatementParser parser = new StatementParser(Lexer.tokenize(text), ion);
        Statement statement = parser.parseStatement();
        parser.acceptSymbol(";");
        if (parser.peek().type() != TokenType.END) {
            throw parser.unexpected("end of statement");
        }
        ExpressionDepth.check(statement);
        return new ParsedStatement(statement, parser.parameterCount());
    }

    private Statement parseStatement() {
        Token first = peek();
        if (first.type() == TokenType.WORD) {
            switch (first.lowerText()) {
                case "select":
                    return new Statement.Select(parseSelect());
                case "create":
                    return parseCreate();
                case "drop":
                    return parseDrop();
                case "undrop":
                    return parseUndrop();
                case "insert":
                    return parseInsert();
                case "update":
                    return parseUpdate();
                case "from":
                    return parseFromDml();
                case "delete":
                    return parseDelete();
                case "exec":
                    return parseExec();
                default:
                    break;
            }
        }
        throw unexpected("a statement (SELECT, INSERT, UPDATE, DELETE, FROM, CREATE, DROP, UNDROP or EXEC)");
    }

    private Statement parseCreate() {
        expectKeyword("create");
        if (acceptKeyword("table")) {
            String table = expectName("a table name");
            return new Statement.CreateTable(table, acceptKeyword("with") ? parseOptions() : List.of());
        }
        if (acceptKeyword("index")) {
            expectKeyword("on");
            String table = expectName("a table name");
            expectSymbol("(");
            List<String> fieldPath = new ArrayList<>();
            fieldPath.add(expectFieldName());
            while (acceptSymbol(".")) {
                fieldPath.add(expectFieldName());
            }
            expectSymbol(")");
            return new Statement.CreateIndex(table, fieldPath);
        }
        throw unexpected("TABLE or INDEX");
    }

    /** A field name in CREATE INDEX: any word (even a reserved one) or a quoted identifier. */
    private String expectFieldName() {
        Token token = peek();
        if (token.type() != TokenType.WORD && token.type() != TokenType.QUOTED_IDENTIFIER) {
            throw unexpected("a field name");
        }
        return advance().text();
    }

    private Statement parseDrop() {
        expectKeyword("drop");
        if (acceptKeyword("table")) {
            return new Statement.DropTable(expectName("a table name"));
        }
        if (acceptKeyword("index")) {
            String indexId = expectIdText("an index id");
            expectKeyword("on");
            String table = expectName("a table name");
            return new Statement.DropIndex(indexId, table, acceptKeyword("with") ? parseOptions() : List.of());
        }
        throw unexpected("TABLE or INDEX");
    }

    private Statement parseUndrop() {
        expectKeyword("undrop");
        expectKeyword("table");
        return new Statement.UndropTable(expectIdText("a table id"));
    }

    /** An id written as "quoted identifier", 'string' or a bare word. */
    private String expectIdText(String what) {
        if (peek().type() == TokenType.STRING) {
            return advance().text();
        }
        return expectName(what);
    }

    /** {@code (name = value, …)} after WITH. */
    private List<StatementOption> parseOptions() {
        expectSymbol("(");
        List<StatementOption> options = new ArrayList<>();
        do {
            String name = expectName("an option name");
            expectSymbol("=");
            options.add(new StatementOption(name, parseExpression()));
        } while (acceptSymbol(","));
        expectSymbol(")");
        return options;
    }

    private Statement parseInsert() {
        expectKeyword("insert");
        expectKeyword("into");
        String table = expectName("a table name");
        if (acceptKeyword("value")) {
            return new Statement.Insert(table, parseExpression(), true);
        }
        if (atKeyword("values")) {
            throw unexpected("VALUE, a bag <<…>> or ? (QLDB has no VALUES)");
        }
        return new Statement.Insert(table, parseExpression(), false);
    }

    private Statement parseUpdate() {
        expectKeyword("update");
        DmlTarget target = parseTarget();
        List<DmlOperation> operations = parseOperations();
        Optional<Expression> where = acceptKeyword("where") ? Optional.of(parseExpression()) : Optional.empty();
        return new Statement.Update(target, operations, where);
    }

    /** {@code FROM target [WHERE …] operation…} — the WHERE may also follow the operations. */
    private Statement parseFromDml() {
        expectKeyword("from");
        DmlTarget target = parseTarget();
        List<Statement.NestedSource> nested = new ArrayList<>();
        while (acceptSymbol(",")) {
            Expression path = parsePostfix();
            Optional<String> alias = parseAlias();
            if (alias.isEmpty()) {
                throw unexpected("AS and a name for the nested collection");
            }
            Optional<String> at = acceptKeyword("at") ? Optional.of(expectName("a name after AT")) : Optional.empty();
            nested.add(new Statement.NestedSource(path, alias.get(), at));
        }
        if (!nested.isEmpty()) {
            target = new DmlTarget(target.table(), target.alias(), target.byAlias(), nested);
        }
        Optional<Expression> where = acceptKeyword("where") ? Optional.of(parseExpression()) : Optional.empty();
        List<DmlOperation> operations = parseOperations();
        if (where.isEmpty() && acceptKeyword("where")) {
            where = Optional.of(parseExpression());
        }
        return new Statement.Update(target, operations, where);
    }

    private Statement parseDelete() {
        expectKeyword("delete");
        expectKeyword("from");
        DmlTarget target = parseTarget();
        Optional<Expression> where = acceptKeyword("where") ? Optional.of(parseExpression()) : Optional.empty();
        return new Statement.Delete(target, where);
    }

    private DmlTarget parseTarget() {
        String table = expectName("a table name");
        Optional<String> alias = parseAlias();
        Optional<String> by = acceptKeyword("by") ? Optional.of(expectName("a name after BY")) : Optional.empty();
        return new DmlTarget(table, alias, by);
    }

    /** One or more SET / REMOVE / INSERT INTO operations. */
    private List<DmlOperation> parseOperations() {
        List<DmlOperation> operations = new ArrayList<>();
        while (true) {
            if (acceptKeyword("set")) {
                do {
                    Expression path = parseTargetPath();
                    expectSymbol("=");
                    operations.add(new Statement.SetValue(path, parseExpression()));
                } while (acceptSymbol(","));
            } else if (acceptKeyword("remove")) {
                do {
                    operations.add(new Statement.Remove(parseTargetPath()));
                } while (acceptSymbol(","));
            } else if (atKeyword("insert")) {
                advance();
                expectKeyword("into");
                Expression path = parseTargetPath();
                expectKeyword("value");
                Expression value = parseExpression();
                Optional<Expression> position = acceptKeyword("at") ? Optional.of(parseExpression()) : Optional.empty();
                operations.add(new Statement.InsertInto(path, value, position));
            } else {
                break;
            }
        }
        if (operations.isEmpty()) {
            throw unexpected("SET, REMOVE or INSERT INTO");
        }
        return operations;
    }

    /** A path that names a place in a document: a name followed by {@code .field} / {@code [index]} steps. */
    private Expression parseTargetPath() {
        if (!atName()) {
            throw unexpected("a path");
        }
        return parsePostfix();
    }

    private Statement parseExec() {
        expectKeyword("exec");
        String procedure = expectName("a procedure name");
        List<Expression> arguments = new ArrayList<>();
        if (peek().type() != TokenType.END && !atSymbol(";")) {
            do {
                arguments.add(parseExpression());
            } while (acceptSymbol(","));
        }
        return new Statement.Exec(procedure, arguments);
    }
}
