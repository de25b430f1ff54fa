package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Positional parameters of every Ion type, as drivers send them (one binary Ion value each), and their count. */
class ParameterTest extends EngineTestSupport {

    @BeforeEach
    void table() {
        run("CREATE TABLE T");
    }

    /** A parameter as the Java driver sends it: a complete binary stream, decoded by another Ion system. */
    private static IonValue asDriverSendsIt(String ionText) throws IOException {
        IonSystem driverSystem = IonSystemBuilder.standard().build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(bytes)) {
            driverSystem.singleValue(ionText).writeTo(writer);
        }
        return IonSystemBuilder.standard().build().singleValue(bytes.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "null", "null.int", "null.struct", "true", "false", "0", "-1", "123456789012345678901234567890", "1.50",
        "-0.000", "1e0", "-2.5e-3", "nan", "+inf", "2019-06-05T", "2019-06-05T12:34:56.789Z", "2019-06-05T12:34-07:00",
        "{{aGVsbG8=}}", "{{\"clob text\"}}", "symbolValue", "'quoted symbol'", "\"a string\"", "\"é中😀\"",
        "annotated::42", "a::b::{x: 1}", "[1, \"two\", [3]]", "(sexp 1 2)", "{nested: {list: [1, {deep: true}]}}",
        "\"\""})
    void everyIonTypeRoundTripsExactly(String ionText) throws IOException {
        IonValue parameter = asDriverSendsIt(ionText);
        runWith("INSERT INTO T VALUE {'k': 1, 'v': ?}", parameter);
        List<IonValue> stored = run("SELECT VALUE t.v FROM T AS t WHERE t.k = 1");
        assertThat(stored).containsExactly(ION.singleValue(ionText));
        runWith("UPDATE T AS t SET t.copy = ? WHERE t.k = 1", parameter);
        assertThat(run("SELECT VALUE t.copy FROM T AS t")).containsExactly(ION.singleValue(ionText));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "true", "123456789012345678901234567890", "1.50", "1e0", "2019-06-05T12:34:56.789Z", "{{aGVsbG8=}}",
        "symbolValue", "\"a string\"", "[1, \"two\", [3]]", "(sexp 1 2)", "{nested: {list: [1, {deep: true}]}}"})
    void everyNonNullTypeCanBeComparedWithAParameter(String ionText) throws IOException {
        run("INSERT INTO T ?", "{k: 7, v: " + ionText + "}");
        assertResults(runWith("SELECT VALUE t.k FROM T AS t WHERE t.v = ?", asDriverSendsIt(ionText)), "7");
    }

    @Test
    void structParameterIsTheWholeDocument() throws IOException {
        runWith("INSERT INTO T ?", asDriverSendsIt("{name: \"x\", tags: [a, b]}"));
        assertResults(run("SELECT * FROM T"), "{name: \"x\", tags: [a, b]}");
    }

    @Test
    void parametersBindInOrderOfAppearance() {
        run("INSERT INTO T << {'a': 1, 'b': 'x', 'c': true}, {'a': 2, 'b': 'y', 'c': true} >>");
        run("UPDATE T SET a = ?, b = ? WHERE c = ? AND a = ?", "10", "\"z\"", "true", "2");
        assertResultsInAnyOrder(run("SELECT a, b FROM T"), "{a: 1, b: \"x\"} {a: 10, b: \"z\"}");
        assertResults(run("SELECT VALUE [?, ?, {'k': ?}] FROM T WHERE a = ?", "1", "2", "3", "1"), "[1, 2, {k: 3}]");
    }

    @Test
    void wrongParameterCountNamesExpectedAndGiven() {
        assertFails(ErrorCode.INVALID_REQUEST, "has 2 parameters (?) but 1 was given",
            "SELECT * FROM T WHERE a = ? AND b = ?", "1");
        assertFails(ErrorCode.INVALID_REQUEST, "has 0 parameters (?) but 2 were given", "SELECT * FROM T", "1", "2");
        assertFails(ErrorCode.INVALID_REQUEST, "has 1 parameter (?) but 0 were given", "INSERT INTO T ?");
    }

    @Test
    void aQuestionMarkInsideAStringOrCommentIsNotAParameter() {
        run("INSERT INTO T VALUE {'q': 'why?'} -- really?");
        assertResults(run("SELECT VALUE q FROM T /* ? */ WHERE q = ?", "\"why?\""), "\"why?\"");
    }

    @Test
    void theCallersParameterIsNotModified() {
        IonValue parameter = ION.singleValue("{a: 1}");
        runWith("INSERT INTO T ?", parameter);
        run("UPDATE T SET a = 2");
        assertThat(parameter).isEqualTo(ION.singleValue("{a: 1}"));
    }
}
