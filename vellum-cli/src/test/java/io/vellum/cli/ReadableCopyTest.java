package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.VerificationException;
import org.junit.jupiter.api.Test;

/**
 * The rule a readable JSON copy must follow to show the hashed Ion value: each Ion type in its JSON form, numbers by
 * exact value; anything else, and every difference in a container, fails naming the path and both values.
 */
class ReadableCopyTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private static void same(String hashedIon, String readableJson) {
        IonValue hashed = ION.singleValue(hashedIon);
        IonValue readable = SavedJson.parseObject(ION, "{\"v\":" + readableJson + "}").get("v");
        ReadableCopy.requireSame("v", "the Ion text", hashed, "the JSON", readable);
    }

    private static void differs(String hashedIon, String readableJson, String... messageParts) {
        assertThatThrownBy(() -> same(hashedIon, readableJson))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code())
                                .isEqualTo(ErrorCode.VERIFICATION_FAILED))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void eachIonTypeMatchesItsJsonForm() {
        assertThatCode(() -> {
            same("null.timestamp", "null");
            same("true", "true");
            same("12345678901234567890123", "12345678901234567890123");
            same("100.50", "100.50");
            same("100.50", "100.5"); // JSON tools rewrite number text; the value is what counts
            same("100.50", "\"100.50\""); // the wallet writes money as a string
            same("1d-8", "1E-8");
            same("1.5e0", "1.5");
            same("nan", "\"nan\"");
            same("-inf", "\"-inf\"");
            same("2024-01-02T03:04:05.120Z", "\"2024-01-02T03:04:05.120Z\"");
            same("abc", "\"abc\"");
            same("\"text\"", "\"text\"");
            same("{{aGVsbG8=}}", "\"aGVsbG8=\"");
            same("[1, (2 3)]", "[1, [2, 3]]");
            same("{a: 1, b: 2, a: 3}", "{\"b\": 2, \"a\": 1, \"a\": 3}");
            same("note::{a: 1}", "{\"a\": 1}");
        }).doesNotThrowAnyException();
    }

    @Test
    void anyDifferenceFailsNamingThePathAndBothValues() {
        differs("{balance: 100.50}", "{\"balance\": 1000.50}", "v.balance", "100.50", "1000.50");
        differs("{fee: 1d-8}", "{\"fee\": 1.0000000000000001E-8}", "v.fee");
        differs("1", "\"one\"", "v", "1", "\"one\"");
        differs("2024-01-02T03:04:05Z", "\"2024-01-02T03:04:05.000Z\"", "v");
        differs("{{aGVsbG8=}}", "\"aGVsbG9=\"", "v");
        differs("[1, 2]", "[1, 2, 3]", "v");
        differs("{a: [1, 2]}", "{\"a\": [1, 3]}", "v.a[1]", "2", "3");
        differs("{a: 1}", "{\"a\": 1, \"extra\": 1000}", "v.extra is shown but not hashed");
        differs("{a: 1, a: 2}", "{\"a\": 1}", "v.a must be shown as often as it is hashed");
        differs("{a: 1}", "{}", "v.a must be shown as often as it is hashed");
        differs("null", "0", "v");
        differs("false", "\"false\"", "v");
        differs("{a: 1}", "[1]", "v");
    }
}
