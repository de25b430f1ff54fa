package io.vellum.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.cluster.internal.LedgerTopic;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.internal.commit.LedgerReplica.Role;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A writer whose Kafka goes away: nothing is acknowledged, it steps down, and it can take over again afterwards. */
class BrokerOutageTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);

    @TempDir
    Path directory;

    @Test
    void aWriterWhoseBrokerIsDownAcknowledgesNothingAndStepsDown() {
        // Short client timeouts, so that a commit fails in seconds rather than in Kafka's default two minutes.
        ClusterSettings settings = new ClusterSettings(KAFKA.kafka().bootstrapServers(), "node-1", Map.of(
                "request.timeout.ms", "2000", "delivery.timeout.ms", "4000", "max.block.ms", "4000",
                "transaction.timeout.ms", "10000"), Duration.ofSeconds(60));
        try (ReplicatedLedger writer = ReplicatedLedger.openWriter("ledger-o", directory.resolve("node-1"),
                LedgerOptions.defaults(), settings)) {
            writer.ledger().executeStatement("CREATE TABLE Accounts");
            writer.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'before'}");
            long acknowledged = writer.ledger().digest().tipAddress().sequenceNo();

            KAFKA.kafka().stop();
            try {
                assertThatThrownBy(() -> writer.ledger().executeStatement(
                        "INSERT INTO Accounts VALUE {'owner': 'during-outage'}"))
                        .isInstanceOf(LedgerException.class)
                        .hasMessageContaining("the commit was not acknowledged")
                        .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
                assertThat(writer.status().role()).isEqualTo(Role.FOLLOWER);
                assertThat(writer.ledger().digest().tipAddress().sequenceNo()).isEqualTo(acknowledged);
                assertThat(writer.ledger().executeStatement("SELECT * FROM Accounts")).hasSize(1);
            } finally {
                KAFKA.kafka().start();
            }

            writer.startWriter();
            assertThat(writer.status().role()).isEqualTo(Role.WRITER);
            writer.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'after'}");
            long tip = writer.ledger().digest().tipAddress().sequenceNo();
            assertThat(tip).isEqualTo(acknowledged + 1);
            assertThat(writer.ledger().readBlock(new BlockAddress(writer.ledger().strandId(), tip))
                    .previousBlockHash()).isEqualTo(writer.ledger().readBlock(new BlockAddress(
                    writer.ledger().strandId(), acknowledged)).blockHash());
            assertThat(KAFKA.kafka().readUntil(new LedgerTopic("ledger-o").name(), Duration.ofSeconds(60),
                    read -> read.size() > tip)).hasSize((int) tip + 1);
            assertThat(writer.ledger().executeStatement("SELECT * FROM Accounts")).hasSize(2);
        }
    }
}
