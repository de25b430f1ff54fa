package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting shell input into statements and commands. */
class ShellInputTest {

    private static List<ShellInput.Item> split(String... lines) {
        ShellInput input = new ShellInput();
        List<ShellInput.Item> items = new ArrayList<>();
        for (String line : lines) {
            items.addAll(input.feed(line));
        }
        ShellInput.Item last = input.finish();
        if (last != null) {
            items.add(last);
        }
        return items;
    }

    private static ShellInput.Item statement(String text) {
        return new ShellInput.Item(false, text);
    }

    private static ShellInput.Item command(String text) {
        return new ShellInput.Item(true, text);
    }

    @Test
    void severalStatementsOnOneLineAndOneOverSeveralLines() {
        assertThat(split("SELECT 1 FROM T; SELECT 2 FROM T;", "SELECT *", "  FROM T", "  WHERE a = 1;"))
                .containsExactly(statement("SELECT 1 FROM T"), statement("SELECT 2 FROM T"),
                        statement("SELECT *\n  FROM T\n  WHERE a = 1"));
    }

    @Test
    void semicolonsInStringsIdentifiersIonLiteralsAndCommentsDoNotEndAStatement() {
        assertThat(split("INSERT INTO T VALUE {'s': 'a;b', \"q;\": `{x: \"c;d\"}`}; -- trailing; comment",
                "SELECT 'it''s; fine' FROM T /* ; */ WHERE a = 1;"))
                .containsExactly(statement("INSERT INTO T VALUE {'s': 'a;b', \"q;\": `{x: \"c;d\"}`}"),
                        statement("SELECT 'it''s; fine' FROM T /* ; */ WHERE a = 1"));
        assertThat(split("SELECT 'multi", "line; still the string' FROM T;"))
                .containsExactly(statement("SELECT 'multi\nline; still the string' FROM T"));
        assertThat(split("SELECT /* a comment", "over lines; */ 1 FROM T;"))
                .containsExactly(statement("SELECT /* a comment\nover lines; */ 1 FROM T"));
    }

    @Test
    void commandsAlsoOnContinuationLinesButNotInsideStringsOrComments() {
        assertThat(split("  \\digest", "SELECT *", "\\help", "FROM T;", "\\revision 3 abc"))
                .containsExactly(command("\\digest"), command("\\help"), statement("SELECT *\nFROM T"),
                        command("\\revision 3 abc"));
        assertThat(split("SELECT 'a", "\\not a command' FROM T;", "SELECT /*", "\\nor this */ 1 FROM T;"))
                .containsExactly(statement("SELECT 'a\n\\not a command' FROM T"),
                        statement("SELECT /*\n\\nor this */ 1 FROM T"));
    }

    @Test
    void exitAndQuitAloneAreQuitButInsideAStatementAreText() {
        assertThat(split("exit")).containsExactly(command(ShellInput.QUIT));
        assertThat(split("  Quit;  ")).containsExactly(command(ShellInput.QUIT));
        assertThat(split("SELECT exit", "FROM T;")).containsExactly(statement("SELECT exit\nFROM T"));
        assertThat(split("SELECT a FROM T WHERE b =", "quit;")).containsExactly(
                statement("SELECT a FROM T WHERE b =\nquit"));
    }

    @Test
    void blankAndCommentOnlyInputRunsNothing() {
        assertThat(split("", "   ", ";", "-- just a comment", "/* and another */ ;", "  ")).isEmpty();
        ShellInput input = new ShellInput();
        input.feed("-- a comment");
        assertThat(input.hasPending()).as("a comment line leaves nothing pending").isFalse();
    }

    @Test
    void anUnfinishedStatementAtTheEndOfInputIsReturnedOnce() {
        ShellInput input = new ShellInput();
        assertThat(input.feed("SELECT * FROM T")).isEmpty();
        assertThat(input.hasPending()).isTrue();
        assertThat(input.finish()).isEqualTo(statement("SELECT * FROM T"));
        assertThat(input.finish()).isNull();
    }
}
