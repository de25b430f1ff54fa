package io.vellum.engine;

import io.vellum.proof.verify.RevisionProof;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.Verifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a committing child JVM at random moments: every acknowledged commit survives, the journal verifies
 * from block 0, and proofs taken before a crash still verify against later digests.
 */
@Tag("slow")
class CrashSafetyTest {
    @TempDir
    Path directory;

    private record SavedProof(RevisionProof proof, LedgerDigest digest) {
    }

    @Test
    void killedWritersLoseNoAcknowledgedCommit() throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        int crashes = Integer.getInteger("vellum.crashes", 20);
        System.out.println("CrashSafetyTest seed=" + seed + " crashes=" + crashes);
        Random random = new Random(seed);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<SavedProof> saved = new ArrayList<>();
        for (int crash = 0; crash < crashes; crash++) {
            int before = acknowledged.size();
            KilledChild.runAndKill(CrashChild.class, directory, random.nextInt(600) + 50, acknowledged);
            try (Ledger ledger = Ledger.open(directory)) {
                Set<String> present = new HashSet<>();
                ledger.execute(tx -> {
                    present.clear();
                    for (IonValue row : tx.execute("SELECT id FROM Events BY id")) {
                        present.add(((IonString) ((IonStruct) row).get("id")).stringValue());
                    }
                    return null;
                });
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(present);
                assertThat(missing).as("acknowledged commits missing after crash %d", crash).isEmpty();
                LedgerDigest digest = ledger.verifyJournal();
                assertThat(acknowledged.size()).as("progress in run %d", crash).isGreaterThan(before);
                saved.add(proofOfSomeRevision(ledger, digest));
            }
        }
        try (Ledger ledger = Ledger.open(directory)) {
            LedgerDigest latest = ledger.digest();
            for (SavedProof old : saved) {
                Verifier.verifyRevision(old.proof().revision(), old.proof().proof(), old.digest());
                RevisionProof again = ledger.revision(old.proof().revision().blockAddress(),
                        old.proof().revision().metadata().id(), latest.tipAddress());
                Verifier.verifyRevision(again.revision(), again.proof(), latest);
                assertThat(again.revision().hash()).isEqualTo(old.proof().revision().hash());
                List<Hash> consistency = ledger.consistencyProof(old.digest().tipAddress(), latest.tipAddress());
                Verifier.verifyConsistency(old.digest(), latest, consistency);
            }
            System.out.println("acknowledged=" + acknowledged.size() + " blocks=" + (latest.tipAddress().sequenceNo() + 1));
        }
    }

    private static SavedProof proofOfSomeRevision(Ledger ledger, LedgerDigest digest) {
        IonStruct committed = ledger.execute(tx -> (IonStruct) tx.execute(
                "SELECT * FROM _ql_committed_Events AS e WHERE e.data.writer = 0").get(0));
        BlockAddress address = BlockAddress.parseIonText(committed.get("blockAddress").toString());
        String id = ((IonString) ((IonStruct) committed.get("metadata")).get("id")).stringValue();
        RevisionProof proof = ledger.revision(address, id, digest.tipAddress());
        proof.verify(digest);
        return new SavedProof(proof, digest);
    }
}
