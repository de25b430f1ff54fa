package io.vellum.cluster;

import static io.vellum.cluster.ReplicaChecks.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.LedgerOptions;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer whose ledger the election moved elsewhere steps down: its commits are refused (retryable, with the
 * reason), it follows the topic, and it applies the next writer's blocks; it can become writer again later.
 */
class StepDownTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    private static ClusterSettings node(String id) {
        return new ClusterSettings(KAFKA.kafka().bootstrapServers(), id);
    }

    @Test
    void aSteppedDownWriterRefusesCommitsFollowsTheNextWriterAndCanWriteAgain() throws Exception {
        try (ReplicatedLedger first = ReplicatedLedger.openWriter("ledger-s", directory.resolve("node-1"),
                LedgerOptions.defaults(), node("node-1"));
             ReplicatedLedger second = ReplicatedLedger.openFollower("ledger-s", directory.resolve("node-2"),
                     LedgerOptions.defaults(), node("node-2"))) {
            first.ledger().executeStatement("CREATE TABLE Accounts");
            first.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'a'}");

            first.stepDown("ledger ledger-s moved to node-2 by the election");

            assertThat(first.status().state()).isEqualTo(ReplicationStatus.State.FOLLOWING);
            assertThatThrownBy(() -> first.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'x'}"))
                    .isInstanceOf(LedgerException.class)
                    .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageContaining("moved to node-2 by the election");
            first.stepDown("again"); // a follower: nothing happens

            second.startWriter();
            second.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'b'}");
            long tip = second.ledger().digest().tipAddress().sequenceNo();
            awaitWithin(WAIT, "the stepped-down node applies block " + tip,
                    () -> first.ledger().digest().tipAddress().sequenceNo() == tip);
            assertThat(first.ledger().digest()).isEqualTo(second.ledger().digest());

            first.startWriter();
            first.ledger().executeStatement("INSERT INTO Accounts VALUE {'owner': 'c'}");
            assertThat(first.ledger().digest().tipAddress().sequenceNo()).isEqualTo(tip + 1);
            assertThat(first.ledger().executeStatement("SELECT owner FROM Accounts").size()).isEqualTo(3);
        }
    }
}
