package io.vellum.proof.block;

import com.amazon.ion.IonValue;
import java.util.List;
import java.util.Objects;
import io.vellum.proof.hash.Dot;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.hash.StructHashMemo;

/**
 * QLDB's commit digest (COMPATIBILITY.md §2): the client and the server both fold every statement of a transaction into a
 * running hash seeded from the transaction id, and the commit is accepted only when they agree.
 *
 * <pre>
 * seed(txId)                 = ionHash(string txId)
 * statementHash(stmt, params) = dot(...dot(dot(ionHash(string stmt), ionHash(p1)), ionHash(p2))..., ionHash(pn))
 * commitDigest               = dot(...dot(seed, statementHash(s1)), ..., statementHash(sn))
 * </pre>
 *
 * <p>The static methods are thread-safe. An instance is a mutable accumulator for one transaction and is not
 * thread-safe; statements must be added in the order the client executed them.
 */
public final class CommitDigest {
    private Hash value;

    /** Starts the digest of transaction {@code transactionId}: its value is {@link #seed} until a statement is added. */
    public CommitDigest(String transactionId) {
        this.value = seed(transactionId);
    }

    /** The Ion Hash of the transaction id as an Ion string: the digest of a transaction without statements. */
    public static Hash seed(String transactionId) {
        return IonHash.ofString(Objects.requireNonNull(transactionId, "transactionId"));
    }

    /**
     * The hash of one statement with its parameters, in order. This is also the {@code statementDigest} of the
     * statement in the block's {@code transactionInfo}. A {@code null} statement is hashed as the empty string,
     * as the QLDB drivers do.
     */
    public static Hash statementHash(String statement, List<? extends IonValue> parameters) {
        return statementHash(statement, parameters, null);
    }

    /**
     * {@link #statementHash(String, List)}, each struct parameter kept in {@code memo} (null for none, see
     * {@link StructHashMemo}) so that the revisions the statement writes hash a copy of it from there.
     */
    public static Hash statementHash(String statement, List<? extends IonValue> parameters, StructHashMemo memo) {
        Objects.requireNonNull(parameters, "parameters");
        Hash hash = StatementTextHashes.textHash(statement == null ? "" : statement); // = IonHash.ofString
        for (IonValue parameter : parameters) {
            Objects.requireNonNull(parameter, "parameter");
            hash = Dot.dot(hash, memo == null ? IonHash.of(parameter) : IonHash.ofKept(parameter, memo));
        }
        return hash;
    }

    /** Folds the next executed statement into the digest; returns this. */
    public CommitDigest add(String statement, List<? extends IonValue> parameters) {
        return addStatementHash(statementHash(statement, parameters));
    }

    /** Folds an already computed {@link #statementHash} into the digest; returns this. */
    public CommitDigest addStatementHash(Hash statementHash) {
        value = Dot.dot(value, Objects.requireNonNull(statementHash, "statementHash"));
        return this;
    }

    /** The digest of the statements added so far. */
    public Hash value() {
        return value;
    }

    @Override
    public String toString() {
        return "CommitDigest[" + value + "]";
    }
}
