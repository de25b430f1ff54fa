package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.cluster.ReplicationStatus.State;
import io.vellum.cluster.internal.KafkaClients;
import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer deposed and elected again before any other writer wrote a block (ClusterPartitionTest's stall: node-3
 * was fenced at block 59 by node-2's {@code initTransactions}, node-2 stepped down 28 ms into its term without
 * writing, node-3 became the writer again from block 59): the deposed term's unacknowledged round must leave no
 * trace in the next term's OCC validation, or every transaction that read what that round wrote conflicts with a
 * block that never existed, for ever, since no block can commit to move the snapshot past it.
 */
class ReelectedWriterTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;

    @Test
    void aWriterReelectedAfterItsUnacknowledgedRoundCommitsTransactionsThatReadWhatThatRoundWrote() {
        ClusterSettings settings = new ClusterSettings(KAFKA.kafka().bootstrapServers(), "node-1");
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("reelected", directory.resolve("node-1"),
                LedgerOptions.defaults(), settings)) {
            Ledger ledger = writer.ledger();
            ledger.executeStatement("CREATE TABLE Payments");
            ledger.executeStatement("INSERT INTO Payments VALUE {'id': 'acknowledged', 'amount': 1}");
            long acknowledged = ledger.digest().tipAddress().sequenceNo();

            // Another node's initTransactions fences this writer, and that node writes nothing (it stepped down).
            KafkaClients clients = new KafkaClients(KAFKA.kafka().bootstrapServers(), Map.of());
            try (KafkaProducer<byte[], byte[]> other = clients.transactionalProducer(
                    new LedgerTopic("reelected").transactionalId())) {
                other.initTransactions();
            }
            assertThatThrownBy(() -> ledger.executeStatement(
                    "INSERT INTO Payments VALUE {'id': 'not-acknowledged', 'amount': 1}"))
                    .isInstanceOf(LedgerException.class).hasMessageContaining("was not acknowledged");
            assertThat(writer.status().state()).isEqualTo(State.FOLLOWING);
            assertThat(ledger.digest().tipAddress().sequenceNo()).isEqualTo(acknowledged);

            // Elected again: the topic ends where this node's journal does, so the next block is the failed one's.
            writer.startWriter();
            assertThat(writer.status().state()).isEqualTo(State.WRITING);

            // A transaction that scans the table the unacknowledged round wrote (the test's insert-once check), with
            // no retry: it must commit on the first attempt.
            ledger.execute(txn -> {
                assertThat(txn.execute("SELECT p.id FROM Payments AS p WHERE p.id = 'after'")).isEmpty();
                return txn.execute("INSERT INTO Payments VALUE {'id': 'after', 'amount': 1}");
            }, RetryPolicy.none());

            assertThat(ledger.digest().tipAddress().sequenceNo()).isEqualTo(acknowledged + 1);
            List<String> ids = ledger.executeStatement("SELECT VALUE p.id FROM Payments AS p").stream()
                    .map(value -> ((com.amazon.ion.IonString) value).stringValue()).sorted().toList();
            assertThat(ids).containsExactly("acknowledged", "after");
        }
    }
}
