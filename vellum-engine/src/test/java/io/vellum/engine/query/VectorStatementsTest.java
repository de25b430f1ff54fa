package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vellum.engine.query.internal.execution.Planner;
import io.vellum.engine.query.internal.syntax.StatementParser;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every statement that appears in the shared QLDB vectors (real journal blocks, driver wire captures, commit-digest
 * vectors) must parse. Reads {@code ../shared/qldb/vectors} (system property {@code vellum.vectors}) and skips when
 * the folder is absent, as the vectors README asks.
 */
class VectorStatementsTest {
    /** Placeholders from driver unit tests that were hashed but never sent to QLDB; they are not PartiQL. */
    private static final Set<String> NOT_PARTIQL = Set.of("testStatement");

    private static final Pattern STATEMENT = Pattern.compile("\"?[sS]tatement\"?\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The shared QLDB vectors folder (the test kit's locator: skips when absent, fails when required). */
    private static Path vectors() {
        return QldbVectors.folderOrSkip();
    }

    static Set<String> statementsIn(Path folder) {
        Set<String> statements = new TreeSet<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Matcher matcher = STATEMENT.matcher(text);
                while (matcher.find()) {
                    statements.add(unescape(matcher.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return statements;
    }

    /** JSON / Ion string escapes. */
    private static String unescape(String text) {
        StringBuilder result = new StringBuilder();
        for (int position = 0; position < text.length(); position++) {
            char c = text.charAt(position);
            if (c != '\\') {
                result.append(c);
                continue;
            }
            char escaped = text.charAt(++position);
            switch (escaped) {
                case 'n' -> result.append('\n');
                case 't' -> result.append('\t');
                case 'r' -> result.append('\r');
                case 'u' -> {
                    result.append((char) Integer.parseInt(text.substring(position + 1, position + 5), 16));
                    position += 4;
                }
                default -> result.append(escaped);
            }
        }
        return result.toString();
    }

    @Test
    void everyStatementInTheVectorsParses() {
        Set<String> statements = statementsIn(vectors());
        assertThat(statements).as("statements found in the vectors").hasSizeGreaterThan(15)
            .contains("FROM VehicleRegistration AS r \nWHERE r.VIN = '1N4AL11D75C109151'\nINSERT INTO r.Owners.SecondaryOwners\n"
                + "    VALUE { 'PersonId' : 'CMVdR77XP8zAglmmFDGTvt' }");
        for (String statement : statements) {
            if (NOT_PARTIQL.contains(statement)) {
                LedgerException error = catchThrowableOfType(LedgerException.class,
                    () -> StatementParser.parse(statement, EngineTestSupport.ION));
                assertThat(error.code()).isEqualTo(ErrorCode.PARSE_ERROR);
                continue;
            }
            assertThatCode(() -> Planner.plan(StatementParser.parse(statement, EngineTestSupport.ION)))
                .as(statement).doesNotThrowAnyException();
        }
    }
}
