package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.Ledger;
import io.vellum.engine.Transaction;
import io.vellum.error.LedgerException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a shell statement: the statement is cancelled (nothing of it, or of its explicit transaction, is
 * committed) and the shell goes on with the next line. Ctrl-C is simulated by calling the handler the shell installs;
 * a Ctrl-C that comes before the statement's commit point is the case tested (one that comes while a statement scans
 * takes the same path, at a moment a test cannot choose).
 */
class CancellableStatementTest {
    @TempDir
    Path directory;

    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(directory);
        ledger.executeStatement("CREATE TABLE T");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private long rows() {
        return ledger.executeStatement("SELECT * FROM T").size();
    }

    @Test
    void aStatementThatFinishesReturnsItsValues() {
        CancellableStatement run = new CancellableStatement();
        run.startInOwnTransaction(ledger, "INSERT INTO T VALUE {'a': 1}");
        assertThat(run.await()).isEqualTo(CancellableStatement.Outcome.FINISHED);
        assertThat(run.values()).hasSize(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aFailingStatementThrowsItsFailure() {
        CancellableStatement run = new CancellableStatement();
        run.startInOwnTransaction(ledger, "SELECT * FROM NoSuchTable");
        assertThatThrownBy(run::await).isInstanceOf(LedgerException.class).hasMessageContaining("NoSuchTable");
    }

    @Test
    void ctrlCBeforeTheCommitAbortsTheStatementsOwnTransaction() {
        CancellableStatement run = new CancellableStatement();
        run.interrupt();
        run.startInOwnTransaction(ledger, "INSERT INTO T VALUE {'a': 1}");
        assertThat(run.await()).isEqualTo(CancellableStatement.Outcome.CANCELLED);
        run.awaitWorker();
        assertThat(rows()).as("nothing of a cancelled statement is committed").isZero();
    }

    @Test
    void ctrlCInAnExplicitTransactionAbortsIt() {
        Transaction open = ledger.begin();
        open.execute("INSERT INTO T VALUE {'a': 1}");
        CancellableStatement run = new CancellableStatement();
        run.interrupt();
        run.startInTransaction(open, "INSERT INTO T VALUE {'a': 2}");
        assertThat(run.await()).isEqualTo(CancellableStatement.Outcome.CANCELLED);
        run.awaitWorker();
        assertThatThrownBy(open::commit).isInstanceOf(LedgerException.class);
        assertThat(rows()).isZero();
    }

    @Test
    void theShellSaysSoAndGoesOnWithTheNextLine() throws IOException {
        BufferedReader input = new BufferedReader(new StringReader(
                "INSERT INTO T VALUE {'a': 1};\n\\begin\nINSERT INTO T VALUE {'a': 2};\nSELECT VALUE 1 FROM T;\n"));
        int[] ctrlCs = {2}; // during the first two statements
        ShellLines lines = new ShellLines() {
            @Override
            public String read(String prompt) throws IOException {
                return input.readLine();
            }

            @Override
            public Interrupts onInterrupt(Runnable handler) {
                if (ctrlCs[0]-- > 0) {
                    handler.run(); // Ctrl-C while the statement runs
                }
                return () -> { };
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Shell shell = new Shell(ledger, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        boolean succeeded = shell.run(lines);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("// cancelled (Ctrl-C): nothing of the statement was committed")
                .containsPattern("// cancelled \\(Ctrl-C\\): transaction \\w+ is aborted, nothing of it committed")
                .contains("// 0 documents");
        assertThat(succeeded).isFalse();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("no open transaction is left to abort").isEmpty();
        assertThat(rows()).isZero();
    }
}
