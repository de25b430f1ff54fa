package io.vellum.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every record of one block in the same partition: the partition is chosen by the key without its last part
 * ({@code <streamId>/<sequenceNo>} of {@code <streamId>/<sequenceNo>/<recordIndex>}), hashed like Kafka's default
 * partitioner (murmur2). A consumer of one partition therefore sees each block's BLOCK_SUMMARY and all its
 * REVISION_DETAILS, in that order; blocks spread over the partitions, so there is no order between partitions (as
 * with QLDB's Kinesis streams; use a one-partition topic for a total order). CONTROL keys
 * ({@code <streamId>/CREATED}) are hashed whole. Stateless; Kafka instantiates it by class name.
 */
public final class BlockPartitioner implements Partitioner {
    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        Integer partitions = cluster.partitionCountForTopic(topic);
        if (keyBytes == null || partitions == null || partitions <= 1) {
            return 0;
        }
        String text = new String(keyBytes, StandardCharsets.UTF_8);
        int first = text.indexOf('/');
        int last = text.lastIndexOf('/');
        String blockKey = last > first ? text.substring(0, last) : text;
        return Utils.toPositive(Utils.murmur2(blockKey.getBytes(StandardCharsets.UTF_8))) % partitions;
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
