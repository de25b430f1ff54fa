package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The documented Ion → JSON mapping of the native API, one Ion type at a time, and that the output is JSON. */
class IonToJsonTest {
    private static String json(String ionText) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            IonToJson.write(NativeEndpoint.ION.singleValue(ionText), json);
        }
        new ObjectMapper().readTree(out.toString()); // must parse as JSON
        return out.toString();
    }

    @Test
    void scalars() throws IOException {
        assertThat(json("null")).isEqualTo("null");
        assertThat(json("null.struct")).isEqualTo("null");
        assertThat(json("true")).isEqualTo("true");
        assertThat(json("123456789012345678901234567890")).isEqualTo("123456789012345678901234567890");
        assertThat(json("-7")).isEqualTo("-7");
        assertThat(json("\"héllo\\n\"")).isEqualTo("\"héllo\\n\"");
        assertThat(json("'a symbol'")).isEqualTo("\"a symbol\"");
    }

    @Test
    void decimalsAreExactNumbersKeepingTheirScale() throws IOException {
        assertThat(json("90.25")).isEqualTo("90.25");
        assertThat(json("1.50")).isEqualTo("1.50");
        assertThat(json("0.000")).isEqualTo("0.000");
        assertThat(json("1d3")).isEqualTo("1E+3");
        assertThat(json("12345678901234567890.123456789")).isEqualTo("12345678901234567890.123456789");
        assertThat(json("-0.0")).isEqualTo("-0.0");
        assertThat(json("-0.")).isEqualTo("-0");
    }

    @Test
    void floatsAreNumbersAndNonFiniteFloatsAreIonSpellings() throws IOException {
        assertThat(json("2.5e0")).isEqualTo("2.5");
        assertThat(json("nan")).isEqualTo("\"nan\"");
        assertThat(json("+inf")).isEqualTo("\"+inf\"");
        assertThat(json("-inf")).isEqualTo("\"-inf\"");
    }

    @Test
    void timestampsKeepTheirIonTextPrecisionAndLobsAreBase64() throws IOException {
        assertThat(json("2019-09-16T19:37:05.344Z")).isEqualTo("\"2019-09-16T19:37:05.344Z\"");
        assertThat(json("2017-08-21")).isEqualTo("\"2017-08-21\"");
        assertThat(json("2019-09-16T19:37:05.3440+01:00")).isEqualTo("\"2019-09-16T19:37:05.3440+01:00\"");
        assertThat(json("{{aGk=}}")).isEqualTo("\"aGk=\"");
        assertThat(json("{{\"hi\"}}")).isEqualTo("\"aGk=\"");
    }

    @Test
    void containersAnnotationsAndRepeatedFields() throws IOException {
        assertThat(json("{a:[1,(x 2)],b:{c:null.int}}")).isEqualTo("{\"a\":[1,[\"x\",2]],\"b\":{\"c\":null}}");
        assertThat(json("money::12.00")).isEqualTo("12.00");
        assertThat(json("{a:1,a:2}")).isEqualTo("{\"a\":1,\"a\":2}");
    }
}
