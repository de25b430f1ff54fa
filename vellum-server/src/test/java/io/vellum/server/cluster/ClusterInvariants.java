package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.cluster.internal.BlockRecords;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalAccess;
import io.vellum.engine.journal.JournalEntry;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.proof.block.JournalBlock;
import io.vellum.server.VellumServer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The invariants issue 11 demands after every cluster failure test, for nodes in the test's JVM: no acknowledged
 * commit lost, none applied twice, balances conserved ({@link #checkBank}); every node's digest equal at the same tip
 * ({@link #awaitSameDigest}); the ledger's topic one chain of verifying blocks whose writer epochs never go back
 * ({@link #checkTopic}); every node's journal the topic's blocks byte for byte ({@link #checkJournal}).
 */
final class ClusterInvariants {
    private ClusterInvariants() {
    }

    /** The ledger's topic read {@code read_committed}: its blocks in order and its writer terms. */
    record TopicChain(List<byte[]> blocks, List<String> terms) {
        long tip() {
            return blocks.size() - 1;
        }
    }

    /** Returns once every node holds the same digest at the same tip (fails after {@code patience}). */
    static LedgerDigest awaitSameDigest(List<VellumServer> nodes, String ledger, Duration patience)
            throws InterruptedException {
        ClusterTests.awaitWithin(patience, "the same digest at the same tip on every node", () -> nodes.stream()
                .map(node -> node.ledgers().ledger(ledger).digest()).distinct().count() == 1);
        return nodes.get(0).ledgers().ledger(ledger).digest();
    }

    /**
     * Reads the {@link BankWorkload}'s tables from {@code node}'s own copy: every acknowledged transfer present,
     * none twice, every balance its initial one plus incoming minus outgoing transfers, the total conserved.
     */
    static void checkBank(VellumServer node, String ledger, Collection<String> acknowledged) {
        String name = node.cluster().nodeId();
        Map<Integer, Integer> expected = new HashMap<>();
        for (int account = 0; account < BankWorkload.ACCOUNTS; account++) {
            expected.put(account, BankWorkload.INITIAL_BALANCE);
        }
        List<String> ids = new ArrayList<>();
        for (IonValue row : node.ledgers().ledger(ledger).executeStatement("SELECT * FROM Transfers")) {
            IonStruct transfer = (IonStruct) row;
            ids.add(((IonString) transfer.get("id")).stringValue());
            int amount = ((IonInt) transfer.get("amount")).intValue();
            expected.merge(((IonInt) transfer.get("from")).intValue(), -amount, Integer::sum);
            expected.merge(((IonInt) transfer.get("to")).intValue(), amount, Integer::sum);
        }
        Map<Integer, Integer> balances = balances(node, ledger);
        assertThat(new HashSet<>(ids)).as("transfers applied twice on " + name).hasSize(ids.size());
        assertThat(ids).as("acknowledged transfers on " + name).containsAll(acknowledged);
        assertThat(balances).as("balances on " + name).isEqualTo(expected);
        assertThat(balances.values().stream().mapToInt(Integer::intValue).sum()).as("total on " + name)
                .isEqualTo(BankWorkload.ACCOUNTS * BankWorkload.INITIAL_BALANCE);
    }

    /** The accounts' balances in {@code node}'s own copy, by account id. */
    static Map<Integer, Integer> balances(VellumServer node, String ledger) {
        Map<Integer, Integer> balances = new HashMap<>();
        for (IonValue row : node.ledgers().ledger(ledger).executeStatement("SELECT * FROM Accounts")) {
            balances.put(((IonInt) ((IonStruct) row).get("id")).intValue(), BankWorkload.balance(row));
        }
        return balances;
    }

    /**
     * Reads the ledger's topic {@code read_committed} from offset 0: each record's key its block's sequence number,
     * 0, 1, 2, … without a gap or a repeat, every block verifying and following its predecessor (one chain), writer
     * epochs never decreasing (no block of a fenced writer after its successor's).
     */
    static TopicChain checkTopic(String bootstrapServers, String ledger) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new LedgerTopic(ledger).partition();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            JournalBlock previous = null;
            int previousEpoch = Integer.MIN_VALUE;
            List<byte[]> blocks = new ArrayList<>();
            List<String> terms = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    long sequenceNo = ByteBuffer.wrap(record.key()).getLong();
                    assertThat(sequenceNo).as("block at offset " + record.offset()).isEqualTo(blocks.size());
                    JournalBlock block = JournalBlock.fromIonBinary(record.value());
                    assertThat(block.blockAddress().sequenceNo()).isEqualTo(sequenceNo);
                    block.verify();
                    if (previous != null) {
                        block.verifyFollows(previous);
                    }
                    int epoch = BlockRecords.epoch(record);
                    assertThat(epoch).as("writer epoch of block " + sequenceNo + " from node "
                            + BlockRecords.node(record)).isGreaterThanOrEqualTo(previousEpoch);
                    if (epoch != previousEpoch) {
                        terms.add(BlockRecords.node(record) + "@" + epoch + " from block " + sequenceNo);
                    }
                    blocks.add(record.value());
                    previous = block;
                    previousEpoch = epoch;
                }
            }
            return new TopicChain(blocks, terms);
        }
    }

    /** The node's journal, read from its files once the node stopped, is the topic's blocks byte for byte. */
    static void checkJournal(Path nodeData, String ledger, List<byte[]> topicBlocks) {
        Path journalDirectory = nodeData.resolve("ledgers").resolve(ledger).resolve("journal");
        try (Journal journal = Journal.open(journalDirectory, JournalOptions.defaults(), -1,
                JournalAccess.READ_ONLY)) {
            assertThat(journal.nextSequenceNo()).as("blocks in the journal of " + nodeData.getFileName())
                    .isEqualTo(topicBlocks.size());
            Iterator<JournalEntry> entries = journal.readFrom(0);
            for (int sequenceNo = 0; sequenceNo < topicBlocks.size(); sequenceNo++) {
                JournalEntry entry = entries.next();
                assertThat(entry.sequenceNo()).isEqualTo(sequenceNo);
                assertThat(entry.payload()).as("block " + sequenceNo + " in the journal of "
                        + nodeData.getFileName() + " against the topic's").isEqualTo(topicBlocks.get(sequenceNo));
            }
        }
    }
}
