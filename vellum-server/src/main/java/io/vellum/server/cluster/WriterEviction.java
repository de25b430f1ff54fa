package io.vellum.server.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evicts a ledger's writer from the writer election when this node has strong evidence that the writer's process is
 * gone, so its ledgers move at once instead of after its election session (6 s by default).
 *
 * <p>Evidence, all of it: a request of the ledger forwarded by this node was <em>refused</em> at the writer's
 * advertised address (nothing listens there: {@code ECONNREFUSED}, not a timeout), and every probe of that address
 * (a TCP connect every {@value #PROBE_INTERVAL_MILLIS} ms) was refused too, for {@code evictAfter} since that first
 * refusal and at least {@value #MINIMUM_REFUSED_PROBES} times. A probe that connects — a live process, even a paused
 * or overloaded one, whose kernel still accepts — or that times out or finds no route (a network partition, a host
 * that is down: not proof of a dead process) ends the suspicion: such a writer is left to its session, as before.
 * Just before evicting, the writer must still be the ledger's writer in the catalog, and it must not have started
 * again meanwhile.
 *
 * <p>Safety never depends on the evidence: a live writer evicted by mistake loses its partitions, its next Kafka
 * transaction is fenced by the next writer's {@code initTransactions} (nothing it did not acknowledge is lost, nothing
 * it acknowledged is undone), and it rejoins the election. To bound what mistakes cost: a node evicts only writers of
 * ledgers it forwards to, and each node at most once per start of that node (a start announces the node in the
 * catalog again; a live node that keeps refusing is evicted once, then left to its session), every eviction is logged
 * at WARN with its evidence and counted ({@link #evictions}). Thread-safe.
 */
final class WriterEviction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterEviction.class);
    static final long PROBE_INTERVAL_MILLIS = 200;
    static final int PROBE_CONNECT_TIMEOUT_MILLIS = 500;
    static final int MINIMUM_REFUSED_PROBES = 3;

    /** The writer election, as far as eviction uses it. */
    interface Election {
        /** Removes {@code node} from the election now; true when it was removed. */
        boolean evict(String node, String reason);
    }

    private final String nodeId;
    private final long afterNanos;
    private final Election election;
    private final BiPredicate<String, String> stillWriter;
    private final ToLongFunction<String> starts;
    private final Map<String, Suspicion> suspicions = new ConcurrentHashMap<>();
    /** For each node evicted: the count of its starts at that eviction (evicted once per start). */
    private final Map<String, Long> evictedAtStart = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vellum-cluster-writer-eviction");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param nodeId      this node (never evicted by itself)
     * @param after       how long a writer must refuse connections, from the first refused forward
     * @param stillWriter (ledger, node): whether the catalog still names that node the ledger's writer
     * @param starts      how often a node was announced in the catalog (it announces itself at every start)
     */
    WriterEviction(String nodeId, Duration after, Election election, BiPredicate<String, String> stillWriter,
            ToLongFunction<String> starts) {
        this.nodeId = nodeId;
        this.afterNanos = after.toNanos();
        this.election = election;
        this.stillWriter = stillWriter;
        this.starts = starts;
    }

    /**
     * A request of {@code ledger} forwarded to its writer {@code node} at {@code url} was refused: starts probing
     * that address, unless it is probed already or this node evicted {@code node} since its last start.
     */
    void refused(String ledger, String node, URI url) {
        if (node.equals(nodeId)) {
            return;
        }
        long start = starts.applyAsLong(node);
        Long evicted = evictedAtStart.get(node);
        if (evicted != null && evicted == start) {
            return; // once per start of that node: a live one that keeps refusing is left to its session
        }
        Suspicion suspicion = new Suspicion(ledger, node, url, start, System.nanoTime());
        if (suspicions.putIfAbsent(node, suspicion) != null) {
            return; // probed already
        }
        synchronized (suspicion) { // the first probe waits until it can be cancelled
            try {
                suspicion.probing = prober.scheduleWithFixedDelay(() -> probe(suspicion), PROBE_INTERVAL_MILLIS,
                        PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                suspicions.remove(node, suspicion); // closing
            }
        }
    }

    /** Writers this node evicted from the election since it started. */
    long evictions() {
        return evictions.get();
    }

    private void probe(Suspicion suspicion) {
        synchronized (suspicion) {
            probeOnce(suspicion);
        }
    }

    private void probeOnce(Suspicion suspicion) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(suspicion.url.getHost(), suspicion.url.getPort()),
                    PROBE_CONNECT_TIMEOUT_MILLIS);
            end(suspicion);
            LOG.debug("Node {} accepts connections at {} again: not evicted", suspicion.node, suspicion.url);
            return;
        } catch (ConnectException e) {
            suspicion.refusedProbes++;
            suspicion.lastRefusal = e.getMessage();
        } catch (IOException | RuntimeException e) {
            // A timeout or no route: the network, or a host that is down, not proof that the process is gone.
            end(suspicion);
            LOG.debug("Probing node {} at {}: {}; not evicted (left to its election session)", suspicion.node,
                    suspicion.url, e.toString());
            return;
        }
        long refusingNanos = System.nanoTime() - suspicion.firstRefusedAt;
        if (refusingNanos < afterNanos || suspicion.refusedProbes < MINIMUM_REFUSED_PROBES) {
            return;
        }
        end(suspicion);
        if (!stillWriter.test(suspicion.ledger, suspicion.node)) {
            return; // the election moved the ledger already
        }
        if (starts.applyAsLong(suspicion.node) != suspicion.start) {
            return; // it started again meanwhile: a new process, not the one that refused
        }
        String evidence = "forwards of ledger " + suspicion.ledger + " to " + suspicion.url + " refused since "
                + refusingNanos / 1_000_000 + " ms, and all " + suspicion.refusedProbes + " probes of that address "
                + "in that time refused (last: " + suspicion.lastRefusal + ")";
        if (election.evict(suspicion.node, evidence)) {
            evictedAtStart.put(suspicion.node, suspicion.start);
            long count = evictions.incrementAndGet();
            LOG.warn("Evicted node {} from the writer election: {}. Its ledgers move to the other nodes now instead of"
                    + " after its election session; were it alive, its next Kafka transaction is fenced and it rejoins"
                    + " (this node evicts it at most once until it starts again; {} eviction(s) by this node since it"
                    + " started)", suspicion.node, evidence, count);
        } else {
            LOG.info("Node {} was not evicted (it is no member of the election any more, or Kafka did not answer): {}",
                    suspicion.node, evidence);
        }
    }

    private void end(Suspicion suspicion) {
        suspicion.probing.cancel(false);
        suspicions.remove(suspicion.node, suspicion);
    }

    @Override
    public void close() {
        prober.shutdownNow();
        suspicions.clear();
    }

    /** One node whose address refused a forward, while it is probed (guarded by its own monitor). */
    private static final class Suspicion {
        final String ledger;
        final String node;
        final URI url;
        final long start;
        final long firstRefusedAt;
        ScheduledFuture<?> probing;
        int refusedProbes;
        String lastRefusal;

        Suspicion(String ledger, String node, URI url, long start, long firstRefusedAt) {
            this.ledger = ledger;
            this.node = node;
            this.url = url;
            this.start = start;
            this.firstRefusedAt = firstRefusedAt;
        }
    }
}
