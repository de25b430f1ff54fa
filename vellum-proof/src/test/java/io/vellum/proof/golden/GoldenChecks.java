package io.vellum.proof.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.amazon.ion.IonBlob;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonList;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a golden vector case is checked, with Vellum's verification code (shared by the test of the committed files and
 * the test that runs the same cases built from QLDB's real artifacts). Each check returns normally when the case
 * verifies and throws a {@link LedgerException} when it does not; {@link #run} requires that of valid cases and the
 * opposite, with {@code VERIFICATION_FAILED} and the case's condition in the message, of negatives.
 */
final class GoldenChecks {
    private static final String STRAND = GoldenBlocks.STRAND;

    private GoldenChecks() {
    }

    /** A check of one case. */
    interface CaseCheck {
        void check(IonStruct c);
    }

    /** Runs {@code check} on every case; returns how many were valid and how many negative. */
    static int[] run(List<IonStruct> cases, CaseCheck check) {
        int valid = 0;
        int negative = 0;
        for (IonStruct c : cases) {
            String name = string(c, "name");
            if (string(c, "expect").equals(GoldenVectors.VALID)) {
                try {
                    check.check(c);
                } catch (LedgerException e) {
                    fail("valid case " + name + " failed: " + e.getMessage(), e);
                }
                valid++;
            } else {
                assertThat(string(c, "expect")).as(name).isEqualTo(ErrorCode.VERIFICATION_FAILED.name());
                try {
                    check.check(c);
                    fail("negative case " + name + " (" + string(c, "mutation") + ") verified");
                } catch (LedgerException e) {
                    assertThat(e.code()).as(name).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.getMessage()).as(name).contains(string(c, "condition"));
                }
                negative++;
            }
        }
        return new int[] {valid, negative};
    }

    static void ionHash(IonStruct c) {
        Hash expected = hash(c.get("ionHash"));
        Hash computed = IonHash.of(c.get("value"));
        if (!computed.equals(expected)) {
            throw new VerificationException("value " + c.get("value") + ": " + GoldenIonHashes.CONDITION, expected,
                    computed);
        }
    }

    static void revision(IonStruct c) {
        Revision.fromIon(c.get("revision")).verifyHash();
    }

    /** Verifies the block, and that it follows the valid block before it when {@code valid} holds that one. */
    static JournalBlock block(IonStruct c, Map<Long, JournalBlock> valid) {
        JournalBlock block = JournalBlock.fromIon(c.get("block"));
        block.verify();
        JournalBlock previous = valid.get(block.blockAddress().sequenceNo() - 1);
        if (previous != null) {
            block.verifyFollows(previous);
        }
        return block;
    }

    static void inclusion(IonStruct c) {
        long leaf = number(c, "leafIndex");
        Verifier.verifyRevisionHash(hash(c.get("leaf")), new BlockAddress(STRAND, leaf), hashes(c.get("proof")),
                new LedgerDigest(hash(c.get("root")), new BlockAddress(STRAND, number(c, "treeSize") - 1)));
    }

    static void consistency(IonStruct c) {
        Verifier.verifyConsistency(
                new LedgerDigest(hash(c.get("fromRoot")), new BlockAddress(STRAND, number(c, "fromSize") - 1)),
                new LedgerDigest(hash(c.get("toRoot")), new BlockAddress(STRAND, number(c, "toSize") - 1)),
                hashes(c.get("proof")));
    }

    static void signedDigest(IonStruct c, Ed25519PublicKey key) {
        new SignedDigest(string(c, "ledgerName"),
                new LedgerDigest(hash(c.get("digest")), BlockAddress.parseIonText(string(c, "tipAddress"))),
                Instant.parse(string(c, "signedAt")), string(c, "keyId"),
                Ed25519Signature.of(((IonBlob) c.get("signature")).getBytes()))
                .verifySignature(key);
    }

    static String string(IonStruct c, String field) {
        return ((IonString) c.get(field)).stringValue();
    }

    static long number(IonStruct c, String field) {
        return ((IonInt) c.get(field)).longValue();
    }

    static Hash hash(IonValue blob) {
        return Hash.of(((IonBlob) blob).getBytes());
    }

    static List<Hash> hashes(IonValue list) {
        List<Hash> hashes = new ArrayList<>();
        for (IonValue blob : (IonList) list) {
            hashes.add(hash(blob));
        }
        return hashes;
    }
}
