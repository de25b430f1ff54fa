package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written check of a decimal in a string against the regular expression it replaces. */
class DecimalTextTest {
    private static final Pattern DECIMAL_TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,9})?");
    private static final String ALPHABET = "0123456789.+-eE x\u0661";

    @Test
    void edges() {
        for (String accepted : new String[] {"1", "1.", "1.00", ".5", "-0.5", "+7", "1e9", "1E+123456789", ".5e-1"}) {
            assertThat(JsonBody.decimalText(accepted)).as(accepted).isTrue();
        }
        for (String refused : new String[] {"", ".", "+", "-.", "e5", ".e5", "1e", "1e+", "1e1234567890", "1.2.3",
                " 1", "1 ", "\u0661", "1x", "--1", "1e5.0"}) {
            assertThat(JsonBody.decimalText(refused)).as(refused).isFalse();
        }
    }

    @Test
    void agreesWithTheRegularExpression() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 300_000; n++) {
            int length = random.nextInt(14);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(3) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : (char) ('0' + random.nextInt(10)));
            }
            String decimal = text.toString();
            assertThat(JsonBody.decimalText(decimal)).as("seed " + seed + ": '" + decimal + "'")
                    .isEqualTo(DECIMAL_TEXT.matcher(decimal).matches());
        }
    }
}
