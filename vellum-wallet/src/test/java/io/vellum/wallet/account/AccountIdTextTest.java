package io.vellum.wallet.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written account id check against the regular expression it replaces, on random and edge texts. */
class AccountIdTextTest {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String ALPHABET = "aZ09._-:@ /é\u0000+";

    @Test
    void edges() {
        for (String accepted : new String[] {"a", "Z", "0", "a._-", "9-9", "x".repeat(64)}) {
            assertThat(Wallet.accountIdText(accepted)).as(accepted).isTrue();
        }
        for (String refused : new String[] {"", ".a", "_a", "-a", "x".repeat(65), "a@b", "a b", "a:b", "é", "a/",
                "\u0661"}) {
            assertThat(Wallet.accountIdText(refused)).as(refused).isFalse();
        }
    }

    @Test
    void agreesWithTheRegularExpression() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 200_000; n++) {
            int length = random.nextInt(10) == 0 ? 60 + random.nextInt(8) : random.nextInt(6);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                // Mostly valid characters, so that long valid ids occur too.
                text.append(random.nextInt(8) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                        : "aZ09._-".charAt(random.nextInt(7)));
            }
            String id = text.toString();
            assertThat(Wallet.accountIdText(id)).as("seed " + seed + ": '" + id + "'")
                    .isEqualTo(ACCOUNT_ID.matcher(id).matches());
        }
    }
}
