package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.engine.Ledger;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the replication tests share: waiting for what replication (or the broker) makes true, and comparing a
 * replica's journal with the writer's.
 */
final class ReplicaChecks {
    private ReplicaChecks() {
    }

    /**
     * Returns once {@code condition} holds, asking every 50 ms; fails naming {@code what} when {@code patience} ran out
     * (never passes without the condition: replication is seen, not told).
     */
    static void awaitWithin(Duration patience, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + patience + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** {@code actual} holds {@code expected}'s digest and, block by block, its journal's bytes, and verifies. */
    static void assertSameJournal(Ledger expected, Ledger actual) {
        assertThat(actual.digest()).isEqualTo(expected.digest());
        long tip = expected.digest().tipAddress().sequenceNo();
        for (long sequenceNo = 0; sequenceNo <= tip; sequenceNo++) {
            assertThat(actual.replica().blockPayload(sequenceNo)).as("block %d", sequenceNo)
                    .isEqualTo(expected.replica().blockPayload(sequenceNo));
        }
        assertThat(actual.verifyJournal()).isEqualTo(expected.digest());
    }

    /** The sequence number of the tip of {@code ledger}'s own copy. */
    static long tip(ReplicatedLedger ledger) {
        return ledger.ledger().digest().tipAddress().sequenceNo();
    }
}
