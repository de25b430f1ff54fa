package io.vellum.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

class BlockPartitionerTest {
    private static final Node NODE = new Node(1, "localhost", 9092);
    private static final Cluster CLUSTER = new Cluster("c", List.of(NODE), List.of(
            new PartitionInfo("t", 0, NODE, new Node[] {NODE}, new Node[] {NODE}),
            new PartitionInfo("t", 1, NODE, new Node[] {NODE}, new Node[] {NODE}),
            new PartitionInfo("t", 2, NODE, new Node[] {NODE}, new Node[] {NODE})), Set.of(), Set.of());

    private static int partition(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return new BlockPartitioner().partition("t", key, bytes, null, null, CLUSTER);
    }

    @Test
    void recordsOfABlockShareAPartitionAndBlocksSpread() {
        Set<Integer> used = new HashSet<>();
        for (int block = 0; block < 100; block++) {
            int summary = partition("S/" + block + "/0");
            for (int index = 1; index < 5; index++) {
                assertThat(partition("S/" + block + "/" + index)).isEqualTo(summary);
            }
            used.add(summary);
        }
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void controlRecordsOfAStreamShareAPartition() {
        for (String stream : List.of("7ISCkqwe4y25YyHLzYUFAf", "17CR7ArZ1AMHgHOeOk6G9C", "a", "b", "c")) {
            assertThat(partition(stream + "/COMPLETED")).isEqualTo(partition(stream + "/CREATED"));
        }
    }
}
