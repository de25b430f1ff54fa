package io.vellum.kafka;

import static io.vellum.kafka.StreamDeliveryTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-Sent Events of a ledger's blocks: event layout, ids, resuming, heartbeats, a client that goes away. */
class SseStreamTest {
    @TempDir
    Path directory;

    /** An event as a client parses it: field lines up to a blank line. */
    private record Event(String event, String id, String data) {
    }

    /** A response body that the test can read while the stream writes to it; fails once "disconnected". */
    private static final class ClientConnection extends OutputStream {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean disconnected;

        @Override
        public synchronized void write(int b) throws IOException {
            check();
            received.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            check();
            received.write(bytes, offset, length);
        }

        private void check() throws IOException {
            if (disconnected) {
                throw new IOException("client went away");
            }
        }

        synchronized String text() {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<Event> events(String text) {
        List<Event> events = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String event = null;
            String id = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                events.add(new Event(event, id, data));
            }
        }
        return events;
    }

    private static Thread writer(SseStream stream, OutputStream out, AtomicReference<Throwable> outcome) {
        Thread thread = new Thread(() -> {
            try {
                stream.writeTo(out);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        thread.start();
        return thread;
    }

    @Test
    void blocksArriveAsJsonEventsAndTheLastEventOfEachBlockCarriesItsSequenceNumber() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            TransferLoad.createAccounts(ledger, 3);
            ClientConnection client = new ClientConnection();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            SseStream stream = new SseStream(ledger, SseStream.startSequenceNo(null, "2"), Duration.ofMillis(100));
            Thread thread = writer(stream, client, outcome);
            long tip = ledger.digest().tipAddress().sequenceNo();
            awaitCondition(() -> client.text().contains("id: " + tip + "\n"), "block " + tip);
            ledger.execute(tx -> tx.execute("INSERT INTO Accounts VALUE {'accountId': 'late', 'balance': 1.00}"));
            awaitCondition(() -> client.text().contains("id: " + (tip + 1) + "\n"), "a block committed later");
            awaitCondition(() -> client.text().contains(": keep-alive"), "a heartbeat");
            stream.close();
            thread.join(5_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(outcome.get()).isNull();

            List<Event> events = events(client.text());
            ObjectMapper json = new ObjectMapper();
            long expectedBlock = 2;
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                JsonNode record = json.readTree(event.data());
                assertThat(record.get("recordType").textValue()).isEqualTo(event.event());
                assertThat(record.has("qldbStreamArn")).isFalse();
                boolean lastOfBlock = i + 1 == events.size() || events.get(i + 1).event().equals("BLOCK_SUMMARY");
                if (event.event().equals("BLOCK_SUMMARY")) {
                    assertThat(record.get("payload").get("blockAddress").get("sequenceNo").asLong())
                            .isEqualTo(expectedBlock);
                }
                assertThat(event.id()).as("event " + i).isEqualTo(lastOfBlock ? Long.toString(expectedBlock) : null);
                if (lastOfBlock) {
                    expectedBlock++;
                }
            }
            assertThat(expectedBlock).isEqualTo(tip + 2);
        }
    }

    @Test
    void lastEventIdResumesAtTheNextBlock() {
        assertThat(SseStream.startSequenceNo("41", "3")).isEqualTo(42);
        assertThat(SseStream.startSequenceNo(null, "3")).isEqualTo(3);
        assertThat(SseStream.startSequenceNo(" ", null)).isZero();
        assertThatThrownBy(() -> SseStream.startSequenceNo("x", null)).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> SseStream.startSequenceNo(null, "-1")).isInstanceOf(LedgerException.class);
    }

    @Test
    void aClientThatGoesAwayEndsTheStream() throws Exception {
        try (Ledger ledger = Ledger.open(directory.resolve("ledger"))) {
            ClientConnection client = new ClientConnection();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            SseStream stream = new SseStream(ledger, 0, Duration.ofMillis(50));
            Thread thread = writer(stream, client, outcome);
            awaitCondition(() -> client.text().contains("id: 0\n"), "block 0");
            client.disconnected = true;
            thread.join(5_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(IOException.class);
        }
    }
}
