package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code qldb/documentation-corpus.txt} (statements from Amazon QLDB's developer guide with the results it
 * documents; the file's header explains its format) in order against one ledger, and prints how many behave as the
 * guide says. Every entry must match, except those marked {@code known gap}, which must still differ (so a fixed gap
 * fails here until its marker is removed).
 */
class QldbDocumentationCorpusTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path directory;

    /** One statement of the corpus, its expectation and where it sits in the file. */
    private record Entry(int line, String source, String statement, String expected) {
    }

    @Test
    void statementsBehaveAsTheQldbDeveloperGuideDocuments() throws IOException {
        List<Entry> entries = entries();
        List<String> gaps = new ArrayList<>();
        int passed = 0;
        SoftAssertions softly = new SoftAssertions();
        try (Ledger ledger = Ledger.open(directory)) {
            for (Entry entry : entries) {
                String mismatch = mismatch(ledger, entry);
                if (entry.expected().equals("known gap")) {
                    gaps.add("line " + entry.line() + ": " + entry.statement());
                    softly.assertThat(mismatch).as("line %d is marked a known gap but now works: %s", entry.line(),
                        entry.statement()).isNotNull();
                } else if (mismatch == null) {
                    passed++;
                } else {
                    softly.fail("line %d (%s): %s%n  %s", entry.line(), entry.source(), entry.statement(), mismatch);
                }
            }
        }
        System.out.println("QLDB documentation corpus: " + passed + " of " + entries.size()
            + " statements behave as documented; known gaps: " + gaps);
        assertThat(entries).hasSizeGreaterThan(100);
        softly.assertAll();
    }

    /** Null when the statement behaves as expected, otherwise what happened instead. */
    private static String mismatch(Ledger ledger, Entry entry) {
        List<IonValue> results;
        try {
            results = ledger.executeStatement(entry.statement());
        } catch (LedgerException e) {
            String expected = entry.expected();
            if (expected.equals("error")) {
                return null;
            }
            if (expected.startsWith("error:") && e.getMessage().contains(expected.substring(6).trim())) {
                return null;
            }
            return "failed with " + e.code() + ": " + e.getMessage();
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
        String text;
        try (InputStream in = QldbDocumentationCorpusTest.class.getResourceAsStream("/qldb/documentation-corpus.txt")) {
            assertThat(in).as("the corpus resource").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Entry> entries = new ArrayList<>();
        String source = "";
        String statement = null;
        int statementLine = 0;
        String[] lines = text.split("\n", -1);
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
