package io.vellum.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Chooses the partition by the message key without its last part, hashed like Kafka's default partitioner
 * (murmur2): {@code <streamId>/<sequenceNo>} for {@code <streamId>/<sequenceNo>/<recordIndex>}, so every record of
 * one block is in one partition, BLOCK_SUMMARY first; {@code <streamId>} for {@code <streamId>/CREATED} and
 * {@code <streamId>/COMPLETED}, so a stream's two CONTROL records share a partition and CREATED comes first. Blocks
 * spread over the partitions, so there is no order between partitions (as with QLDB's Kinesis streams; use a
 * one-partition topic for a total order). Stateless; Kafka instantiates it by class name.
 */
public final class BlockPartitioner implements Partitioner {
    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        Integer partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null || partitions == null || partitions <= 1) {
            return 0;
        }
        String text = new String(keyBytes, StandardCharsets.UTF_8);
        int last = text.lastIndexOf('/');
        String group = last > 0 ? text.substring(0, last) : text;
        return Utils.toPositive(Utils.murmur2(group.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public void close() {
        // holds nothing
    }
}
