package io.vellum.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.kafka.KafkaTarget;
import io.vellum.kafka.KinesisConfiguration;
import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamErrorCause;
import io.vellum.kafka.StreamFormat;
import io.vellum.kafka.StreamRequest;
import io.vellum.kafka.StreamStatus;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamStoreTest {
    @TempDir
    Path directory;

    private static StreamState state(String streamId, StreamStatus status, long position) {
        StreamRequest request = new StreamRequest("my-stream", Instant.parse("2020-05-29T00:00:00Z"),
                Instant.parse("2020-05-29T23:59:59.123456789Z"),
                new KafkaTarget("localhost:9092", "stream-for-qldb", Map.of("sasl.jaas.config", "secret",
                        "linger.ms", "20")),
                StreamFormat.JSON,
                new KinesisConfiguration("arn:aws:kinesis:us-east-1:123456789012:stream/stream-for-qldb", true),
                "arn:aws:iam::123456789012:role/my-kinesis-stream-role", Map.of("team", "ledger"));
        StreamDefinition definition = new StreamDefinition(streamId, StreamDefinition.arn("us-east-1",
                "000000000000", "myExampleLedger", streamId), "myExampleLedger",
                Instant.parse("2020-06-03T22:06:24.677Z"), request, status,
                status == StreamStatus.IMPAIRED ? StreamErrorCause.KAFKA_UNAVAILABLE : null,
                status == StreamStatus.IMPAIRED ? "no acknowledgement" : null);
        return new StreamState(definition, position, position > 0);
    }

    @Test
    void writtenStatesReadBackEqual() {
        StreamStore store = new StreamStore(directory);
        StreamState impaired = state("7ISCkqwe4y25YyHLzYUFAf", StreamStatus.IMPAIRED, 42);
        StreamState fresh = state("0000000000000000000001", StreamStatus.ACTIVE, 0);
        store.write(impaired);
        store.write(fresh);
        store.write(impaired.withPosition(43));

        assertThat(new StreamStore(directory).readAll()).containsExactlyInAnyOrder(impaired.withPosition(43), fresh);
    }

    @Test
    void minimalRequestReadsBackEqual() {
        StreamStore store = new StreamStore(directory);
        StreamRequest request = StreamRequest.toKafka("s", Instant.EPOCH, null, new KafkaTarget("h:1", "t"),
                StreamFormat.ION_BINARY);
        StreamState state = new StreamState(new StreamDefinition("0000000000000000000002", "arn", "l",
                Instant.parse("2026-01-01T00:00:00Z"), request, StreamStatus.CANCELED, null, null), 7, true);
        store.write(state);
        assertThat(store.readAll()).containsExactly(state);
    }

    @Test
    void filesAreOwnerOnlyAndLeftoversOfACrashAreRemoved() throws Exception {
        StreamStore store = new StreamStore(directory);
        store.write(state("7ISCkqwe4y25YyHLzYUFAf", StreamStatus.ACTIVE, 1));
        Path file = directory.resolve("7ISCkqwe4y25YyHLzYUFAf.ion");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.writeString(directory.resolve("7ISCkqwe4y25YyHLzYUFAf.ion.partial"), "{half");

        assertThat(new StreamStore(directory).readAll()).hasSize(1);
        assertThat(directory.resolve("7ISCkqwe4y25YyHLzYUFAf.ion.partial")).doesNotExist();
    }

    @Test
    void aDamagedFileIsReportedNotSkipped() throws Exception {
        Files.writeString(directory.resolve("7ISCkqwe4y25YyHLzYUFAf.ion"), "{formatVersion:1, streamId:\"x\"}");
        assertThatThrownBy(() -> new StreamStore(directory).readAll()).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPTION)).hasMessageContaining("7ISCkqwe4y25YyHLzYUFAf");
    }
}
