package io.vellum.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical URI's shortcut ({@link CanonicalRequest#isCanonical}: a path that normalising and encoding again
 * would leave as it is is returned as it is) gives what the long way gives, for every path it takes.
 */
class CanonicalUriTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/ledgers/bank/batches", "/ledgers/my-ledger/", "/a", "/.a/..b/a.", "/~-_.",
        "/a/b/c/"})
    void pathsTheShortcutTakesAreTheirOwnCanonicalForm(String path) {
        assertThat(CanonicalRequest.isCanonical(path)).isTrue();
        assertThat(CanonicalRequest.uri(path)).isEqualTo(path).isEqualTo(CanonicalRequest.normalisedAndEncoded(path));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"//", "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "/./a", "/a%2Fb", "/a b", "/a:b",
        "a/b", "/é", "/a+b"})
    void pathsThatNormalisingOrEncodingChangesTakeTheLongWay(String path) {
        assertThat(CanonicalRequest.isCanonical(path)).isFalse();
        assertThat(CanonicalRequest.uri(path)).isEqualTo(CanonicalRequest.normalisedAndEncoded(path));
    }

    @Test
    void theShortcutAgreesWithTheLongWayOnRandomPaths() {
        Random random = new Random(16);
        char[] alphabet = {'/', '/', '/', '.', '.', 'a', 'Z', '0', '-', '_', '~', '%', '2', 'F', ' ', ':', '+'};
        int taken = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder path = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                path.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String raw = path.toString();
            if (raw.equals("/")) {
                continue;
            }
            if (CanonicalRequest.isCanonical(raw)) {
                taken++;
            }
            assertThat(CanonicalRequest.uri(raw)).as(raw).isEqualTo(CanonicalRequest.normalisedAndEncoded(raw));
        }
        assertThat(taken).as("paths the shortcut took").isGreaterThan(1_000);
    }
}
