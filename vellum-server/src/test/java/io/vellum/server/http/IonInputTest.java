package io.vellum.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonString;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.LedgerException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IonInputTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void longNumbersAreFoundOutsideStringsCommentsAndLobs() {
        String digits = "1".repeat(1_001);
        for (String text : new String[] {digits, "[" + digits + "]", "{a:-" + digits + "}", "1." + digits,
                "(+ 1 " + digits + ")"}) {
            assertThatThrownBy(() -> IonInput.checkNumberLengths(text, "x")).as(text)
                    .isInstanceOf(LedgerException.class).hasMessageContaining("the limit is 1000");
        }
        for (String text : new String[] {"\"" + digits + "\"", "'''" + digits + "'''", "'" + digits + "'",
                "// " + digits + "\n1", "/* " + digits + " */ 1", "{{\"" + digits + "\"}}", "a" + digits,
                "1".repeat(1_000), "2019-01-01T00:00:00.000000000Z"}) {
            IonInput.checkNumberLengths(text, "x");
        }
    }

    @Test
    void textFromBytesIsStrictUtf8() {
        byte[] bad = {'"', 'a', (byte) 0xC3, 0x28, 'b', '"'};
        assertThatThrownBy(() -> IonInput.load(ION, bad, "the body")).isInstanceOf(LedgerException.class)
                .hasMessageContaining("the body is not well-formed UTF-8");
        assertThat(((IonString) IonInput.load(ION, "\"a\u00e8b\"".getBytes(StandardCharsets.UTF_8), "the body")
                .get(0)).stringValue()).isEqualTo("a\u00e8b");
    }

    @Test
    void depthIsBoundedForTextAndBinary() {
        String deep = "[".repeat(101) + "]".repeat(101);
        assertThatThrownBy(() -> IonInput.singleText(ION, deep, "p")).hasMessageContaining("more than 100 levels");
        assertThat(IonInput.singleText(ION, "[".repeat(100) + "]".repeat(100), "p")).isNotNull();
        assertThatThrownBy(() -> IonInput.singleText(ION, "{a:", "p")).hasMessage("p is not valid Ion"
                + " (malformed data or invalid UTF-8 text)");
    }

    @Test
    void annotationsFieldNamesAndSymbolsWithoutTextAreRefusedInText() {
        for (String text : new String[] {"$0::5", "{$0: 5}", "[a, $0]", "{a: [x::$0::1]}"}) {
            assertThatThrownBy(() -> IonInput.singleText(ION, text, "p")).as(text)
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("p is not valid Ion here: a symbol, field name or annotation has no known "
                            + "text");
        }
    }

    @Test
    void unpairedSurrogatesInTextAreRefused() {
        assertThatThrownBy(() -> IonInput.singleText(ION, "\"a\ud800\"", "p"))
                .hasMessageContaining("unpaired UTF-16 surrogate");
        assertThat(Utf8Text.printable("a\ud800b\ud83d\ude00")).isEqualTo("a\ufffdb\ud83d\ude00");
    }
}
