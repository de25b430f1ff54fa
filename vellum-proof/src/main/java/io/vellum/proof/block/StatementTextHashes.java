package io.vellum.proof.block;

import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two hashes of a statement's text that every execution of it needs, kept for recently seen texts: an application
 * runs the same few statements over and over, and hashing a 100-character text twice per execution (its
 * {@link CommitDigest#statementHash} and its field in {@code transactionInfo}) was a few percent of a transaction's
 * CPU. Each hash is a pure function of the text, so a kept one is the one that would be computed.
 *
 * <p>Bounded: at most {@value #CAPACITY} texts of at most {@value #MAXIMUM_LENGTH} characters; when full it is
 * emptied (a workload of more distinct statements than that gains nothing from a cache anyway). Thread-safe.
 */
final class StatementTextHashes {
    static final int CAPACITY = 1024;
    static final int MAXIMUM_LENGTH = 4096;

    /**
     * @param textHash  {@link IonHash#ofString} of the text
     * @param fieldHash {@link IonHash#stringFieldHash}{@code ("statement", text)}
     */
    private record Hashes(Hash textHash, Hash fieldHash) {
    }

    private static final Map<String, Hashes> KEPT = new ConcurrentHashMap<>();

    private StatementTextHashes() {
    }

    /** {@link IonHash#ofString} of {@code text}. */
    static Hash textHash(String text) {
        return hashes(text).textHash();
    }

    /** The hash of the field {@code statement: text} in a {@code transactionInfo} statement (never to be changed). */
    static Hash fieldHash(String text) {
        return hashes(text).fieldHash();
    }

    private static Hashes hashes(String text) {
        Hashes kept = KEPT.get(text);
        if (kept != null) {
            return kept;
        }
        Hashes computed = new Hashes(IonHash.ofString(text), IonHash.stringFieldHash("statement", text));
        if (text.length() <= MAXIMUM_LENGTH) {
            if (KEPT.size() >= CAPACITY) {
                KEPT.clear();
            }
            KEPT.put(text, computed);
        }
        return computed;
    }
}
