package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldbsession.model.QldbSessionException;
import software.amazon.qldb.QldbDriver;

/**
 * The QLDB documentation corpus ({@code vellum-engine/src/test/resources/qldb/documentation-corpus.txt}: statements
 * of Amazon QLDB's developer guide with the results it documents; its header explains the format) run in order through
 * the official QLDB driver against a real server, each statement in its own transaction, as an application would. The
 * same rules as the engine's {@code QldbDocumentationCorpusTest}: every entry must match except those marked
 * {@code known gap}, which must still differ. Prints the pass count the README reports.
 */
class QldbDocumentationCorpusDriverTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    /** From this module's directory (where Maven runs its tests), or {@code -Dvellum.corpus=FILE}. */
    private static final Path CORPUS = Path.of(System.getProperty("vellum.corpus",
        "../vellum-engine/src/test/resources/qldb/documentation-corpus.txt"));

    @TempDir
    Path data;

    /** One statement of the corpus, its expectation and where it sits in the file. */
    private record Entry(int line, String source, String statement, String expected) {
    }

    @Test
    void statementsBehaveThroughTheOfficialDriverAsTheQldbDeveloperGuideDocuments() throws Exception {
        List<Entry> entries = entries();
        List<String> gaps = new ArrayList<>();
        int passed = 0;
        SoftAssertions softly = new SoftAssertions();
        try (VellumServer server = TestServers.start(data)) {
            server.ledgers().create("corpus", false, "STANDARD", Map.of());
            try (QldbDriver driver = TestServers.driver(server, "corpus", 0)) {
                for (Entry entry : entries) {
                    String mismatch = mismatch(driver, entry);
                    if (entry.expected().equals("known gap")) {
                        gaps.add("line " + entry.line() + ": " + entry.statement());
                        softly.assertThat(mismatch).as("line %d is marked a known gap but now works: %s",
                            entry.line(), entry.statement()).isNotNull();
                    } else if (mismatch == null) {
                        passed++;
                    } else {
                        softly.fail("line %d (%s): %s%n  %s", entry.line(), entry.source(), entry.statement(),
                            mismatch);
                    }
                }
            }
        }
        System.out.println("QLDB documentation corpus through the official driver: " + passed + " of "
            + entries.size() + " statements behave as documented; known gaps: " + gaps);
        assertThat(entries).hasSizeGreaterThan(100);
        softly.assertAll();
    }

    /** Null when the statement behaves as expected, otherwise what happened instead. */
    private static String mismatch(QldbDriver driver, Entry entry) {
        List<IonValue> results;
        try {
            results = driver.execute(txn -> {
                List<IonValue> values = new ArrayList<>();
                txn.execute(entry.statement()).forEach(values::add);
                return values;
            });
        } catch (QldbSessionException e) {
            String expected = entry.expected();
            if (expected.equals("error")) {
                return null;
            }
            if (expected.startsWith("error:") && e.getMessage().contains(expected.substring(6).trim())) {
                return null;
            }
            return "failed with " + e.awsErrorDetails().errorCode() + ": " + e.getMessage();
        }
        String expected = entry.expected();
        if (expected.equals("*")) {
            return null;
        }
        if (expected.startsWith("error") || expected.equals("known gap")) {
            return "returned " + results + " where the guide documents an error";
        }
        List<IonValue> wanted = new ArrayList<>();
        ION.getLoader().load(expected).forEach(wanted::add);
        List<IonValue> remaining = new ArrayList<>(results);
        for (IonValue value : wanted) {
            if (!remaining.remove(value)) {
                return "returned " + results + ", expected " + expected;
            }
        }
        return remaining.isEmpty() ? null : "returned " + results + ", expected " + expected;
    }

    private static List<Entry> entries() throws IOException {
        assertThat(CORPUS).as("the corpus file (run from vellum-server, or set -Dvellum.corpus)").exists();
        String[] lines = Files.readString(CORPUS, StandardCharsets.UTF_8).split("\n", -1);
        List<Entry> entries = new ArrayList<>();
        String source = "";
        String statement = null;
        int statementLine = 0;
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                source = line.substring(1).trim();
            } else if (line.startsWith("=>")) {
                assertThat(statement).as("line %d: an expectation without a statement", number).isNotNull();
                entries.add(new Entry(statementLine, source, statement, line.substring(2).trim()));
                statement = null;
            } else {
                assertThat(statement).as("line %d: a statement without an expectation before it", number).isNull();
                statement = line;
                statementLine = number;
            }
        }
        return entries;
    }
}
