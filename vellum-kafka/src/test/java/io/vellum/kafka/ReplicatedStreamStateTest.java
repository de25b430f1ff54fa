package io.vellum.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.kafka.internal.StreamState;
import io.vellum.kafka.internal.StreamStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a manager that does not run a ledger's streams (a cluster node that is not the ledger's writer) applies
 * stream states replicated from other nodes: the larger position wins, a terminal status stays, entries applied twice
 * or out of order change nothing, the result survives a restart, a removal forgets the stream, and a cancel through
 * this node is handed on. No Kafka: nothing is delivered here.
 */
class ReplicatedStreamStateTest {
    @TempDir
    Path directory;

    private final List<String> handedOn = new ArrayList<>();
    private final StreamCoordination follower = new StreamCoordination() {
        @Override
        public boolean runsStreamsOf(String ledgerName) {
            return false;
        }

        @Override
        public void changed(String ledgerName, String streamId, byte[] state) {
            handedOn.add(ledgerName + "/" + streamId + ": " + StreamStore.fromBytes(state).definition().status());
        }

        @Override
        public void removed(String streamId) {
            handedOn.add("removed " + streamId);
        }
    };

    private StreamManager manager() {
        return new StreamManager(directory, name -> Optional.empty(), StreamSettings.defaults("us-east-1"), follower);
    }

    private static byte[] state(StreamStatus status, long position) {
        StreamRequest request = StreamRequest.toKafka("journal", Instant.parse("2026-01-01T00:00:00Z"), null,
                new KafkaTarget("localhost:9092", "journal", Map.of()), StreamFormat.ION_BINARY);
        StreamDefinition definition = new StreamDefinition("stream0000000000000001",
                StreamDefinition.arn("us-east-1", "123456789012", "bank", "stream0000000000000001"), "bank",
                Instant.parse("2026-01-02T00:00:00Z"), request, StreamStatus.ACTIVE, null, null);
        if (status != StreamStatus.ACTIVE) {
            definition = definition.withStatus(status, null, null);
        }
        return StreamStore.bytes(new StreamState(definition, position, position > 0));
    }

    @Test
    void theLargestPositionWinsAndATerminalStatusStays() {
        try (StreamManager streams = manager()) {
            streams.applyReplicated(state(StreamStatus.ACTIVE, 7));
            assertThat(streams.list("bank")).singleElement()
                    .satisfies(stream -> assertThat(stream.status()).isEqualTo(StreamStatus.ACTIVE));
            assertThat(streams.statistics("stream0000000000000001").nextSequenceNo()).isEqualTo(7);
            streams.applyReplicated(state(StreamStatus.ACTIVE, 4)); // an older entry, read late
            assertThat(streams.statistics("stream0000000000000001").nextSequenceNo()).isEqualTo(7);
            streams.applyReplicated(state(StreamStatus.CANCELED, 9));
            streams.applyReplicated(state(StreamStatus.ACTIVE, 12)); // a runner that had not seen the cancel yet
            streams.applyReplicated(state(StreamStatus.ACTIVE, 12)); // the same entry twice
            assertThat(streams.describe("bank", "stream0000000000000001").status())
                    .isEqualTo(StreamStatus.CANCELED);
            assertThat(streams.statistics("stream0000000000000001").nextSequenceNo()).isEqualTo(12);
        }
        assertThat(handedOn).as("replicated states are not handed on again").isEmpty();
        try (StreamManager restarted = manager()) {
            assertThat(restarted.describe("bank", "stream0000000000000001").status())
                    .isEqualTo(StreamStatus.CANCELED);
            assertThat(restarted.statistics("stream0000000000000001").nextSequenceNo()).isEqualTo(12);
            restarted.applyReplicatedRemoval("stream0000000000000001");
            assertThat(restarted.list("bank")).isEmpty();
        }
        try (StreamManager again = manager()) {
            assertThat(again.list("bank")).as("the removal deleted the stream's file").isEmpty();
        }
    }

    @Test
    void aCancelThroughANodeThatDoesNotDeliverTheStreamIsHandedOn() {
        try (StreamManager streams = manager()) {
            streams.applyReplicated(state(StreamStatus.ACTIVE, 3));
            StreamDefinition canceled = streams.cancel("bank", "stream0000000000000001");
            assertThat(canceled.status()).isEqualTo(StreamStatus.CANCELED);
            streams.reconcile(); // this node runs nothing: nothing starts
            assertThat(streams.statistics("stream0000000000000001").deliveryAttempts()).isZero();
        }
        assertThat(handedOn).containsExactly("bank/stream0000000000000001: CANCELED");
    }
}
