package io.vellum.proof;

import java.util.Random;
import io.vellum.proof.hash.Hash;

/** Seeded randomness for randomized tests: the seed is printed and can be fixed with {@code -Dvellum.seed=N}. */
public final class Seeds {
    private Seeds() {
    }

    public static Random random(String test) {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("[seed] " + test + ": " + seed + " (rerun with -Dvellum.seed=" + seed + ")");
        return new Random(seed);
    }

    public static Hash hash(Random random) {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return Hash.of(bytes);
    }
}
