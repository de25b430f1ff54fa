package io.vellum.proof;

import io.vellum.proof.hash.Hash;

/** Mutated negatives for tests: a hash with one bit flipped, for checking that every bit of it is verified. */
public final class Mutations {
    private Mutations() {
    }

    /** The bytes of {@code hash} with bit {@code bit} (taken modulo the hash's length in bits) flipped. */
    public static byte[] flip(Hash hash, int bit) {
        byte[] bytes = hash.toByteArray();
        bytes[(bit / 8) % bytes.length] ^= (byte) (1 << (bit % 8));
        return bytes;
    }
}
