package io.vellum.cluster.internal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Kafka topic of one ledger: the one order of its blocks.
 *
 * <p><b>Names.</b> Ledger {@code L} (1 to 32 letters, digits and '-', QLDB's ledger name rule) has topic
 * {@code vellum.ledger.L} and its writers the transactional id {@code vellum.writer.L}. One partition (partition 0):
 * the topic is a single total order.
 *
 * <p><b>Records.</b> One record per block: key = the block's sequence number as 8 bytes big-endian, value = the
 * block's Ion binary exactly as hashed (and as the journal stores it), record timestamp = the block's timestamp,
 * headers {@value #NODE_HEADER} (the writer's node id) and {@value #EPOCH_HEADER} (its producer epoch, 4 bytes
 * big-endian). A commit round is one Kafka transaction.
 *
 * <p><b>Settings</b> it is created with: replication factor min(3, brokers), {@code min.insync.replicas} 2 when
 * there are 3 or more brokers, {@code unclean.leader.election.enable=false} (an out-of-sync replica never becomes
 * leader and so never loses acknowledged blocks), {@code retention.ms=-1} and {@code retention.bytes=-1} (the topic
 * is the ledger: nothing expires), {@code cleanup.policy=compact} (keys are unique, so compaction keeps every block;
 * it only drops a block's original record once a redaction published its redacted form under the same key, see
 * {@link RedactedFormRecords}). An existing topic is used as it is, except that a topic created before redaction
 * (with {@code cleanup.policy=delete}) is switched to compaction ({@link TopicCompaction}).
 */
public final class LedgerTopic {
    public static final String TOPIC_PREFIX = "vellum.ledger.";
    public static final String TRANSACTIONAL_ID_PREFIX = "vellum.writer.";
    public static final String NODE_HEADER = "vellum.node";
    public static final String EPOCH_HEADER = "vellum.epoch";
    /** On a block's redacted form only: the sequence number of the redaction block it follows. */
    public static final String REDACTED_BY_HEADER = "vellum.redacted-by";
    private static final Pattern LEDGER_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");

    private final String ledger;
    private final TopicPartition partition;

    public LedgerTopic(String ledger) {
        if (ledger == null || !LEDGER_NAME.matcher(ledger).matches()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a replicated ledger's name must be 1 to 32 "
                    + "letters, digits and '-', got '" + ledger + "'");
        }
        this.ledger = ledger;
        this.partition = new TopicPartition(TOPIC_PREFIX + ledger, 0);
    }

    public String ledger() {
        return ledger;
    }

    public String name() {
        return partition.topic();
    }

    /** Partition 0, the only one. */
    public TopicPartition partition() {
        return partition;
    }

    /** The transactional id every writer of this ledger uses, so that a new writer fences the previous one. */
    public String transactionalId() {
        return TRANSACTIONAL_ID_PREFIX + ledger;
    }

    /** The topic as Vellum creates it on a cluster of {@code brokers} brokers. */
    public NewTopic definition(int brokers) {
        short replicas = (short) Math.max(1, Math.min(3, brokers));
        Map<String, String> configs = new HashMap<>();
        configs.put("unclean.leader.election.enable", "false");
        configs.put("retention.ms", "-1");
        configs.put("retention.bytes", "-1");
        configs.put("cleanup.policy", "compact"); // keys are unique but for redacted forms: compaction only erases
        if (brokers >= 3) {
            configs.put("min.insync.replicas", "2");
        }
        return new NewTopic(name(), 1, replicas).configs(configs);
    }

    /**
     * Creates the topic unless it exists.
     *
     * @throws LedgerException UNAVAILABLE when Kafka does not answer in time or refuses
     */
    public void ensureExists(Admin admin, Duration timeout) {
        try {
            int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            admin.createTopics(List.of(definition(brokers))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw unavailable("cannot create topic " + name(), e.getCause());
            }
            TopicCompaction.ensureCompacted(admin, this, timeout);
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not create topic " + name() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while creating topic " + name(), e);
        }
    }

    /**
     * Deletes the topic (its ledger was deleted); nothing when it does not exist. Returns once Kafka accepted the
     * deletion; Kafka removes the data in the background.
     *
     * @throws LedgerException UNAVAILABLE when Kafka does not answer in time or refuses
     */
    public void delete(Admin admin, Duration timeout) {
        try {
            admin.deleteTopics(List.of(name())).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                throw unavailable("cannot delete topic " + name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not delete topic " + name() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while deleting topic " + name(), e);
        }
    }

    LedgerException unavailable(String what, Throwable cause) {
        return new LedgerException(ErrorCode.UNAVAILABLE, "ledger " + ledger + ": " + what, cause);
    }
}
