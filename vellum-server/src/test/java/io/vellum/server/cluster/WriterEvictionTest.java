package io.vellum.server.cluster;

import static io.vellum.server.cluster.ClusterTests.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.cluster.ClusterSettings;
import io.vellum.cluster.WriterElection;
import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What counts as evidence that a writer's process is gone, with real elections on a real broker: an address whose
 * kernel still accepts connections (a paused or overloaded process: SIGSTOP, a long GC) is never evicted, however
 * long forwards to it failed; an address that refuses every connection is, once per start of that node. Sessions
 * are {@value #SESSION_MS} ms, so a member that left the group within a wait was evicted.
 */
class WriterEvictionTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);
    private static final int SESSION_MS = 60_000;
    private static final Duration EVICT_AFTER = Duration.ofMillis(500);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void anAddressThatAcceptsIsNeverEvictedOneThatRefusesIsOncePerStart() throws Exception {
        WriterElection writer = election("writer");
        WriterElection forwarder = election("forwarder");
        awaitWithin(Duration.ofSeconds(30), "two members holding every partition", () ->
                !writer.assigned().isEmpty() && !forwarder.assigned().isEmpty()
                        && writer.assigned().size() + forwarder.assigned().size() == WriterElection.PARTITIONS);
        AtomicLong starts = new AtomicLong(1);
        WriterEviction eviction = new WriterEviction("forwarder", EVICT_AFTER, forwarder::evict,
                (ledger, node) -> node.equals("writer"), node -> starts.get());
        closeables.add(eviction);

        // A paused process: its listening socket is bound and the kernel completes connections, nobody answers.
        ServerSocket paused = new ServerSocket();
        paused.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        URI address = URI.create("http://127.0.0.1:" + paused.getLocalPort());
        eviction.refused("ledger", "writer", address); // as if a forward had been refused before the pause
        Thread.sleep(EVICT_AFTER.toMillis() * 6); // six windows: every probe connected
        assertThat(eviction.evictions()).isZero();
        assertThat(writer.assigned()).isNotEmpty();

        // The process is gone: nothing listens at its address any more.
        paused.close();
        eviction.refused("ledger", "writer", address);
        awaitWithin(Duration.ofSeconds(30), "the writer evicted", () -> eviction.evictions() == 1);

        // The evicted member is alive here: it rejoins. Its address still refuses, but it did not start again, so
        // this node does not evict it a second time.
        awaitWithin(Duration.ofSeconds(30), "the evicted member rejoined", () -> !writer.assigned().isEmpty());
        eviction.refused("ledger", "writer", address);
        Thread.sleep(EVICT_AFTER.toMillis() * 6);
        assertThat(eviction.evictions()).isEqualTo(1);
        assertThat(writer.assigned()).isNotEmpty();

        // It starts again (announces itself in the catalog again): the next refusal may evict it again.
        starts.incrementAndGet();
        eviction.refused("ledger", "writer", address);
        awaitWithin(Duration.ofSeconds(30), "the restarted writer evicted", () -> eviction.evictions() == 2);
    }

    @Test
    void aNodeThatIsNoLongerTheWriterIsNotEvicted() throws Exception {
        WriterElection other = election("other");
        WriterElection forwarder = election("forwarder-2");
        awaitWithin(Duration.ofSeconds(30), "two members holding every partition", () ->
                !other.assigned().isEmpty() && !forwarder.assigned().isEmpty()
                        && other.assigned().size() + forwarder.assigned().size() == WriterElection.PARTITIONS);
        WriterEviction eviction = new WriterEviction("forwarder-2", EVICT_AFTER, forwarder::evict,
                (ledger, node) -> false, node -> 1);
        closeables.add(eviction);
        ServerSocket gone = new ServerSocket();
        gone.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        URI address = URI.create("http://127.0.0.1:" + gone.getLocalPort());
        gone.close();

        eviction.refused("ledger", "other", address);
        Thread.sleep(EVICT_AFTER.toMillis() * 6);
        assertThat(eviction.evictions()).isZero();
        assertThat(other.assigned()).isNotEmpty();
    }

    private WriterElection election(String id) {
        WriterElection election = WriterElection.start(new ClusterSettings(KAFKA.kafka().bootstrapServers(), id),
                SESSION_MS, true, assigned -> { });
        closeables.add(election);
        return election;
    }
}
