package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.engine.Ledger;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.SignedHttpClient;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/ledgers/{name}/stream} through java.net.http against a real server with SigV4 on: events from a
 * chosen block, a block committed while connected, resuming with {@code Last-Event-ID}, the usual errors and auth,
 * and open streams ended by DeleteLedger and by the server's stop (which must not wait for them).
 */
class EventStreamTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;
    private VellumServer server;
    private SignedHttpClient client;
    private Ledger ledger;

    /** One event: its type, its id (only on a block's last event) and its JSON data. */
    record Event(String type, String id, JsonNode data) {
        long sequenceNo() {
            JsonNode payload = data.get("payload");
            JsonNode address = type.equals("BLOCK_SUMMARY") ? payload.get("blockAddress")
                    : payload.at("/revision/blockAddress");
            return address.get("sequenceNo").longValue();
        }
    }

    /** Reads events from an open response, skipping comments (the stream's greeting and heartbeats). */
    static final class EventReader implements AutoCloseable {
        private final Stream<String> lines;
        private final Iterator<String> iterator;

        EventReader(HttpResponse<Stream<String>> response) {
            this.lines = response.body();
            this.iterator = lines.iterator();
        }

        /** The next event, or null when the server ended the stream. */
        Event next() {
            String type = null;
            String id = null;
            String data = null;
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        return new Event(type, id, SignedHttpClient.json(data));
                    }
                } else if (line.startsWith("event: ")) {
                    type = line.substring("event: ".length());
                } else if (line.startsWith("id: ")) {
                    id = line.substring("id: ".length());
                } else if (line.startsWith("data: ")) {
                    data = line.substring("data: ".length());
                }
            }
            return null;
        }

        /** Events up to and including the one with {@code id: <sequenceNo>} (the end of that block). */
        List<Event> untilBlock(long sequenceNo) {
            List<Event> events = new ArrayList<>();
            Event event;
            do {
                event = next();
                assertThat(event).as("stream ended before block " + sequenceNo).isNotNull();
                events.add(event);
            } while (!Long.toString(sequenceNo).equals(event.id()));
            return events;
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    @BeforeEach
    void start() {
        server = TestServers.start(directory);
        client = SignedHttpClient.of(server);
        server.ledgers().create("bank", false, LedgerRegistry.ALLOW_ALL, Map.of());
        ledger = server.ledgers().ledger("bank");
        ledger.executeStatement("CREATE TABLE Accounts");
        for (int i = 1; i <= 3; i++) {
            ledger.executeStatement("INSERT INTO Accounts VALUE {'id': 'A-" + i + "', 'balance': " + i + "00.50}");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private EventReader open(String pathAndQuery, Map<String, String> headers) {
        HttpResponse<Stream<String>> response = client.getLines(pathAndQuery, headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        return new EventReader(response);
    }

    @Test
    void streamsFromABlockSeesNewCommitsAndResumesAfterTheLastEventId() {
        assertTimeoutPreemptively(LIMIT, () -> {
            long tip = ledger.digest().tipAddress().sequenceNo();
            assertThat(tip).isEqualTo(4);
            try (EventReader events = open("/v1/ledgers/bank/stream?fromBlock=2", Map.of())) {
                List<Event> history = events.untilBlock(tip);
                assertThat(history).filteredOn(event -> event.type().equals("BLOCK_SUMMARY"))
                        .extracting(Event::sequenceNo).containsExactly(2L, 3L, 4L);
                assertThat(history).filteredOn(event -> event.id() != null).extracting(Event::id)
                        .as("only the last event of a block names it").containsExactly("2", "3", "4");
                Event revision = history.get(history.size() - 1);
                assertThat(revision.type()).isEqualTo("REVISION_DETAILS");
                assertThat(revision.data().at("/payload/tableInfo/tableName").textValue()).isEqualTo("Accounts");
                assertThat(revision.data().at("/payload/revision/data/id").textValue()).isEqualTo("A-3");
                assertThat(revision.data().at("/payload/revision/data/balance").decimalValue())
                        .isEqualByComparingTo("300.50");

                ledger.executeStatement("INSERT INTO Accounts VALUE {'id': 'A-9', 'balance': 9}");
                List<Event> live = events.untilBlock(tip + 1);
                assertThat(live.get(0).type()).isEqualTo("BLOCK_SUMMARY");
                assertThat(live.get(0).sequenceNo()).isEqualTo(tip + 1);
                assertThat(live.get(live.size() - 1).data().at("/payload/revision/data/id").textValue())
                        .isEqualTo("A-9");
            }
            // A reconnecting EventSource sends the last id it saw; fromBlock is then ignored.
            try (EventReader events = open("/v1/ledgers/bank/stream?fromBlock=0", Map.of("Last-Event-ID", "3"))) {
                Event first = events.next();
                assertThat(first.type()).isEqualTo("BLOCK_SUMMARY");
                assertThat(first.sequenceNo()).isEqualTo(4);
            }
        });
    }

    @Test
    void errorsAreNativeJsonAndUnsignedRequestsAreRefused() {
        HttpResponse<String> unsigned = client.sendUnsigned("GET", "/v1/ledgers/bank/stream", Map.of(), new byte[0]);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        HttpResponse<String> missing = client.send("GET", "/v1/ledgers/nope/stream", Map.of(), new byte[0],
                server.secretAccessKey(), java.time.Clock.systemUTC());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(SignedHttpClient.json(missing.body()).at("/error/code").textValue()).isEqualTo("NOT_FOUND");
        HttpResponse<String> negative = client.send("GET", "/v1/ledgers/bank/stream?fromBlock=-1", Map.of(),
                new byte[0], server.secretAccessKey(), java.time.Clock.systemUTC());
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("fromBlock");
        HttpResponse<String> post = client.send("POST", "/v1/ledgers/bank/stream", Map.of(),
                "{}".getBytes(StandardCharsets.UTF_8), server.secretAccessKey(), java.time.Clock.systemUTC());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void deletingTheLedgerAndStoppingTheServerEndOpenStreams() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (EventReader events = open("/v1/ledgers/bank/stream", Map.of())) {
                events.untilBlock(4);
                server.ledgers().delete("bank");
                assertThat(events.next()).as("the stream ends with its ledger").isNull();
            }
            server.ledgers().create("shop", false, LedgerRegistry.ALLOW_ALL, Map.of());
            try (EventReader events = open("/v1/ledgers/shop/stream", Map.of())) {
                events.untilBlock(0);
                long started = System.nanoTime();
                server.close();
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(millis).as("the stop does not wait for the open stream").isLessThan(5_000);
                assertThat(events.next()).as("the stream ends with the server").isNull();
            }
        });
    }
}
