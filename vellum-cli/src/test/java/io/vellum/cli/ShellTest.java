package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's loop on an embedded ledger: statements, Ion output, transactions, digests, proofs and verification. */
class ShellTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    private Ledger ledger;

    /** What one shell session printed and returned. */
    record Session(boolean succeeded, String out, String err) {
        /** Everything printed on standard output, read as Ion (status lines are Ion comments). */
        IonDatagram values() {
            return ION.getLoader().load(out);
        }
    }

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(directory);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private Session run(String input) throws IOException {
        return run(new BufferedReader(new StringReader(input)));
    }

    private Session run(BufferedReader input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean succeeded = new Shell(ledger, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(input, false);
        Session session = new Session(succeeded, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
        System.out.println(session.out() + session.err());
        return session;
    }

    private String insert(String document) {
        IonStruct row = (IonStruct) ledger.executeStatement("INSERT INTO T VALUE " + document).get(0);
        return ((IonString) row.get("documentId")).stringValue();
    }

    @Test
    void statementsRunAndPrintTheirResultsAsIonText() throws IOException {
        Session session = run(String.join("\n",
                "CREATE TABLE T; INSERT INTO T VALUE {'k': 'a;b', 'n': 1};",
                "INSERT INTO T << {'k': 'c', 'n': 2},",
                "                 {'k': 'd', 'n': 3} >>;",
                "SELECT VALUE k FROM T WHERE n = 1;",
                "SELECT COUNT(*) FROM T;",
                "UPDATE T AS t SET t.n = 10 WHERE t.k = 'c';",
                "SELECT t.k, t.n FROM T AS t WHERE t.n > 2 ORDER BY t.n;"));
        assertThat(session.succeeded()).isTrue();
        assertThat(session.err()).isEmpty();
        IonDatagram values = session.values();
        assertThat(values).hasSize(9);
        assertThat(((IonStruct) values.get(0)).get("tableId")).isInstanceOf(IonString.class);
        assertThat(((IonStruct) values.get(1)).get("documentId")).isInstanceOf(IonString.class);
        assertThat(values.subList(4, 9)).as("UPDATE returns the updated document's id (the bag's first)")
                .containsExactly(ION.singleValue("\"a;b\""), ION.singleValue("{_1: 3}"),
                values.get(2).clone(), ION.singleValue("{k: \"d\", n: 3}"), ION.singleValue("{k: \"c\", n: 10}"));
        assertThat(session.out()).contains("// 1 document\n").contains("// 2 documents\n");
    }

    @Test
    void errorsGoToStandardErrorWithTheirCodeAndTheSessionGoesOn() throws IOException {
        Session session = run(String.join("\n", "CREATE TABLE T;", "SELECT *", "  FROM T WHERE (;",
                "SELECT * FROM Nope;", "INSERT INTO T VALUE {'a': 1};"));
        assertThat(session.succeeded()).isFalse();
        assertThat(session.err()).contains("error PARSE_ERROR: Syntax error at line 2, column 17")
                .contains("error NOT_FOUND: Table 'Nope' does not exist");
        assertThat(ledger.executeStatement("SELECT * FROM T")).hasSize(1);
    }

    @Test
    void digestIsPrintedAsIonAndMatchesTheLedger() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session session = run("\\digest\n");
        IonStruct printed = (IonStruct) session.values().get(0);
        LedgerDigest digest = ledger.digest();
        assertThat(Hash.of(((com.amazon.ion.IonBlob) printed.get("digest")).getBytes())).isEqualTo(digest.digest());
        assertThat(BlockAddress.parseIonText(printed.get("digestTipAddress").toString()))
                .isEqualTo(digest.tipAddress());
    }

    @Test
    void revisionShowsItsProofAndVerifiesItAgainstTheCurrentOrAKeptDigest() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        String id = insert("{'a': 1}");
        LedgerDigest kept = ledger.digest();
        long block = kept.tipAddress().sequenceNo();
        insert("{'a': 2}");
        insert("{'a': 3}");
        String keptDigest = kept.digest().toBase64();

        Session session = run(String.join("\n", "\\revision " + block + " " + id,
                "\\revision " + block + " " + id + " " + block + " " + keptDigest,
                "\\revision " + block + " " + id + " " + (block + 1)));
        assertThat(session.succeeded()).as(session.err()).isTrue();
        IonStruct shown = (IonStruct) session.values().get(0);
        IonStruct revision = (IonStruct) shown.get("revision");
        assertThat(((IonStruct) revision.get("metadata")).get("id")).isEqualTo(ION.newString(id));
        assertThat(revision.get("data")).isEqualTo(ION.singleValue("{a: 1}"));
        assertThat(((com.amazon.ion.IonList) shown.get("proof"))).isNotEmpty();
        assertThat(session.out())
                .contains("// verified: revision hash").contains("to digest " + ledger.digest().digest())
                .contains("to digest " + keptDigest + " at " + kept.tipAddress().toIonText() + " (the digest given)");

        // A digest that is not the ledger's at that tip: the proof does not reach it, and the error says so.
        Session tampered = run("\\revision " + block + " " + id + " " + block + " " + ledger.digest().digest()
                .toBase64() + "\n");
        assertThat(tampered.succeeded()).isFalse();
        assertThat(tampered.err()).contains("error VERIFICATION_FAILED").contains("expected " + ledger.digest().digest())
                .contains("but computed " + keptDigest);
        // Nothing unverified is shown: the revision and its data appear only after verification passed.
        assertThat(tampered.values()).isEmpty();
        assertThat(tampered.out()).doesNotContain("{a:1}").doesNotContain("verified");
    }

    @Test
    void aBlockThatDoesNotVerifyIsNotShown() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        insert("{'secret': 42}");
        LedgerDigest digest = ledger.digest();
        insert("{'a': 2}");
        String otherDigest = ledger.digest().digest().toBase64();
        Session session = run("\\block " + digest.tipAddress().sequenceNo() + " " + digest.tipAddress().sequenceNo()
                + " " + otherDigest + "\n");
        assertThat(session.succeeded()).isFalse();
        assertThat(session.err()).contains("error VERIFICATION_FAILED", "expected " + otherDigest);
        assertThat(session.values()).isEmpty();
        assertThat(session.out()).doesNotContain("secret");
    }

    @Test
    void blockShowsItsProofAndVerifiesIt() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        insert("{'a': 1}");
        LedgerDigest digest = ledger.digest();
        Session session = run("\\block 1\n\\block 1 " + digest.tipAddress().sequenceNo() + " "
                + digest.digest().toBase64() + "\n");
        assertThat(session.succeeded()).as(session.err()).isTrue();
        IonStruct block = (IonStruct) ((IonStruct) session.values().get(0)).get("block");
        assertThat(((IonInt) ((IonStruct) block.get("blockAddress")).get("sequenceNo")).longValue()).isEqualTo(1);
        assertThat(session.out()).contains("// verified: block hash").contains("(the digest given)");
    }

    @Test
    void verifyChecksTheWholeJournal() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session session = run("\\verify\n");
        assertThat(session.out()).contains("// journal verified: blocks 0..1").contains(ledger.digest().digest()
                .toString());
    }

    @Test
    void commandsUsedWronglySayHow() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        String id = insert("{'a': 1}");
        List<String> lines = List.of("\\revision x " + id, "\\revision 2", "\\block 99",
                "\\revision 2 " + id + " 2 notBase64", "\\revision 2 NoSuchDocument", "\\nope", "\\commit",
                "\\verify now");
        Session session = run(String.join("\n", lines));
        assertThat(session.succeeded()).isFalse();
        assertThat(session.err().lines()).containsExactly(
                "error: SEQ must be a block sequence number from 0 to 2; got 'x'",
                "error: usage: \\revision SEQ DOCUMENT_ID [TIP [DIGEST]] (1 argument given)",
                "error INVALID_REQUEST: block address sequenceNo 99 is beyond the last committed block 2",
                "error: DIGEST must be a 32-byte digest in Base64 (44 characters), as \\digest prints it; got "
                        + "'notBase64'",
                "error NOT_FOUND: block 2 has no revision of document NoSuchDocument",
                "error: unknown command \\nope; \\help lists the commands",
                "error: no transaction is open: \\begin starts one",
                "error: usage: \\verify (1 argument given)");
    }

    @Test
    void explicitTransactionsCommitOrAbortAsAWhole() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session session = run(String.join("\n", "\\begin", "INSERT INTO T VALUE {'a': 1};",
                "INSERT INTO T VALUE 5;", "\\commit",
                "\\begin", "INSERT INTO T VALUE {'a': 2};", "\\abort",
                "\\begin", "INSERT INTO T VALUE {'a': 3};"));
        assertThat(session.out()).contains("stays open without that statement").contains("// committed ")
                .contains("// aborted ");
        assertThat(session.err()).endsWith(" (no \\commit): aborted, nothing of it committed\n")
                .contains("error: input ended inside transaction ");
        assertThat(ledger.executeStatement("SELECT VALUE a FROM T")).containsExactly(ION.newInt(1));
    }

    /** A terminal user: each entry is a typed line, or CTRL_C + what was on the line when Ctrl-C was pressed. */
    private Session typed(String... keys) throws IOException {
        java.util.Iterator<String> lines = List.of(keys).iterator();
        java.util.List<String> prompts = new java.util.ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean succeeded = new Shell(ledger, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(prompt -> {
                    prompts.add(prompt);
                    if (!lines.hasNext()) {
                        return null;
                    }
                    String line = lines.next();
                    if (line.startsWith(CTRL_C)) {
                        throw new ShellLines.Interrupted(line.substring(CTRL_C.length()));
                    }
                    return line;
                });
        assertThat(lines.hasNext()).as("the shell stopped reading at the right key").isFalse();
        return new Session(succeeded, out.toString(StandardCharsets.UTF_8) + "prompts " + prompts,
                err.toString(StandardCharsets.UTF_8));
    }

    private static final String CTRL_C = "^C";

    @Test
    void ctrlCDropsTheStatementBeingTypedAndOnAnEmptyLineQuits() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session session = typed("INSERT INTO T", "VALUE {'a': 1}", CTRL_C + "", "INSERT INTO T VALUE {'a':",
                CTRL_C + "INSERT INTO T VALUE {'a':", "INSERT INTO T VALUE {'a': 2};", CTRL_C);
        assertThat(session.succeeded()).isTrue();
        assertThat(ledger.executeStatement("SELECT VALUE a FROM T")).containsExactly(ION.newInt(2));
        assertThat(session.out()).endsWith("prompts [vellum> ,      -> ,      -> , vellum> ,      -> , vellum> ,"
                + " vellum> ]");
    }

    @Test
    void tableNamesForCompletionAreTheActiveTables() {
        ledger.executeStatement("CREATE TABLE B");
        ledger.executeStatement("CREATE TABLE A");
        ledger.executeStatement("CREATE TABLE Dropped");
        ledger.executeStatement("DROP TABLE Dropped");
        Shell shell = new Shell(ledger, System.out, System.err);
        assertThat(shell.tableNames()).containsExactly("A", "B");
    }

    @Test
    void pipedInputEndingInsideATransactionFailsAndSaysSo() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session session = run("\\begin\nINSERT INTO T VALUE {'a': 1};\n");
        assertThat(session.succeeded()).as("the exit code says the script did not do what it says").isFalse();
        assertThat(session.err()).startsWith("error: input ended inside transaction ")
                .endsWith(" (no \\commit): aborted, nothing of it committed\n");
        assertThat(ledger.executeStatement("SELECT VALUE a FROM T")).isEmpty();
    }

    @Test
    void bareExitAndQuitAndBackslashCommandsOnContinuationLinesAreNeverStuck() throws IOException {
        ledger.executeStatement("CREATE TABLE T");
        Session exit = run("INSERT INTO T VALUE {'a': 1};\nexit\nINSERT INTO T VALUE {'a': 2};\n");
        assertThat(exit.succeeded()).isTrue();
        assertThat(ledger.executeStatement("SELECT VALUE a FROM T")).containsExactly(ION.newInt(1));

        // A half-typed statement, then \help and \quit on continuation lines: both are commands.
        Session stuck = run("SELECT *\n\\help\n\\quit\nFROM T;\n");
        assertThat(stuck.succeeded()).isTrue();
        assertThat(stuck.out()).contains("Statements end with ';'").doesNotContain("// 0 documents");
        assertThat(stuck.err()).isEmpty();

        Session quit = run("QUIT\n");
        assertThat(quit.succeeded()).isTrue();
        assertThat(quit.out()).isEmpty();
    }

    @Test
    void aTransactionTheLedgerAbortedIsDroppedAndSaysSo() throws IOException {
        ledger.close();
        ledger = Ledger.open(directory, LedgerOptions.defaults().withTransactionTimeout(Duration.ofSeconds(1)));
        ledger.executeStatement("CREATE TABLE T");
        // Reads "\begin", then waits past the timeout before handing over the next line.
        BufferedReader slow = new BufferedReader(new StringReader("")) {
            private final List<String> lines = List.of("\\begin", "INSERT INTO T VALUE {'a': 1};",
                    "INSERT INTO T VALUE {'a': 2};");
            private int next;

            @Override
            public String readLine() {
                if (next == 1) {
                    try {
                        Thread.sleep(1_300);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return next < lines.size() ? lines.get(next++) : null;
            }
        };
        Session session = run(slow);
        assertThat(session.err()).contains("error TRANSACTION_EXPIRED");
        assertThat(session.out()).contains("was aborted (TRANSACTION_EXPIRED)");
        assertThat(ledger.executeStatement("SELECT VALUE a FROM T")).as("the next statement ran on its own")
                .containsExactly(ION.newInt(2));
    }
}
