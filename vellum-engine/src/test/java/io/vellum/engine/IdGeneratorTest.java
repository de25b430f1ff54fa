package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {
    /** Naive reference: BigInteger division. */
    private static String reference(long high, long low) {
        BigInteger value = new BigInteger(Long.toUnsignedString(high)).shiftLeft(64)
                .add(new BigInteger(Long.toUnsignedString(low)));
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < IdGenerator.LENGTH; i++) {
            BigInteger[] qr = value.divideAndRemainder(BigInteger.valueOf(62));
            digits.append(IdGenerator.ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        return digits.reverse().toString();
    }

    @Test
    void encodingMatchesBigIntegerReference() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IdGeneratorTest seed=" + seed);
        Random random = new Random(seed);
        long[] edges = {0, 1, 61, 62, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long high : edges) {
            for (long low : edges) {
                assertThat(IdGenerator.encode(high, low)).isEqualTo(reference(high, low));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();
            assertThat(IdGenerator.encode(high, low)).isEqualTo(reference(high, low));
        }
    }

    @Test
    void randomIdsAreDistinctBase62OfLength22() {
        IdGenerator ids = IdGenerator.random();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.nextId();
            assertThat(id).hasSize(22).matches("[0-9A-Za-z]+");
            assertThat(seen.add(id)).isTrue();
        }
    }
}
