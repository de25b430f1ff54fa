package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ledger → election partition: the same on every node and in every version, and spread over all partitions. */
class WriterElectionTest {
    @Test
    void thePartitionOfALedgerIsFixedByItsName() {
        // CRC32C("payments") = 0x438fc72a, CRC32C("a") = 0xc1d04330, modulo 32. Part of the cluster's format:
        // a different mapping would move writers between nodes of a running cluster.
        assertThat(WriterElection.partitionOf("payments", WriterElection.PARTITIONS))
                .isEqualTo(WriterElection.partitionOf(new String("payments".toCharArray()), 32))
                .isEqualTo(EXPECTED_PAYMENTS);
        assertThat(WriterElection.partitionOf("a", 32)).isEqualTo(EXPECTED_A);
    }

    @Test
    void ledgersSpreadOverEveryPartition() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3_200; i++) {
            int partition = WriterElection.partitionOf("ledger-" + i, WriterElection.PARTITIONS);
            assertThat(partition).isBetween(0, WriterElection.PARTITIONS - 1);
            counts.merge(partition, 1, Integer::sum);
        }
        assertThat(counts).hasSize(WriterElection.PARTITIONS);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(50, 150));
    }

    private static final int EXPECTED_PAYMENTS = 10;
    private static final int EXPECTED_A = 16;
}
