package io.vellum.server.cluster;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestForwarding.Api;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a request that only its ledger's writer can answer to that writer, and HOLDS it while the ledger has no
 * live writer: none is known (the election is choosing the next one), or the named writer refused the connection
 * (a dead writer's successor is named only after the election's session timeout). The request is forwarded as soon
 * as the next writer is known — or served here once this node writes — so a client's next attempt is not delayed by
 * its retry back-off after many refused attempts.
 *
 * <p>Only a request that certainly never reached a writer is held and sent on: one for which no writer was known,
 * or whose connection could not be opened ({@link HttpForwarder.NotDelivered}). A forward that failed after the
 * request was sent (read timeout, connection lost, aborted because the writer changed) is answered with the
 * retryable 503 at once: the writer may have applied it, and only the client may decide to send it again.
 *
 * <p>Bounds: a request is held at most {@code holdNanos} from the moment it was first held (then the retryable
 * 503); at most {@code maximumHeld} requests are held at once, each on a server thread: a request arriving past that
 * is answered with the retryable 503 at once (as before holding existed), so held requests never take every thread
 * of the server. Thread-safe.
 */
final class HeldForwarding {
    private static final Logger LOG = LoggerFactory.getLogger(HeldForwarding.class);
    /** How often a held request looks at the catalog's view again. */
    private static final long POLL_MILLIS = 20;
    /** How long a writer that refused a connection is left alone before it is asked again (it may come back). */
    private static final long RETRY_REFUSED_NANOS = 500_000_000L;

    private final HttpForwarder forwarder;
    private final Function<String, WriterRoute> routes;
    private final BooleanSupplier closed;
    private final long holdNanos;
    private final Semaphore held;
    private final int maximumHeld;
    private final RefusedWriters refusedWriters;

    /** Told of every forward that a writer's address refused (nothing listens there): see {@link WriterEviction}. */
    interface RefusedWriters {
        RefusedWriters NONE = (ledger, node, url) -> { };

        void refused(String ledger, String node, java.net.URI url);
    }

    /**
     * @param routes      where a ledger's writer requests go now (read again while a request is held)
     * @param closed      true once the node closes: held requests are answered at once
     * @param holdNanos   the longest a request is held
     * @param maximumHeld the most requests held at once
     */
    HeldForwarding(HttpForwarder forwarder, Function<String, WriterRoute> routes, BooleanSupplier closed,
            long holdNanos, int maximumHeld) {
        this(forwarder, routes, closed, holdNanos, maximumHeld, RefusedWriters.NONE);
    }

    /** As above, telling {@code refusedWriters} of every refused connection to a writer. */
    HeldForwarding(HttpForwarder forwarder, Function<String, WriterRoute> routes, BooleanSupplier closed,
            long holdNanos, int maximumHeld, RefusedWriters refusedWriters) {
        this.refusedWriters = refusedWriters;
        this.forwarder = forwarder;
        this.routes = routes;
        this.closed = closed;
        this.holdNanos = holdNanos;
        this.maximumHeld = maximumHeld;
        this.held = new Semaphore(maximumHeld);
    }

    /**
     * The writer's answer to {@code request} of {@code ledger}, a retryable 503 in the shape of {@code api}, or null
     * when this node serves it.
     */
    HttpResponse forward(String ledger, Api api, HttpRequest request, String rawTarget, String forwardedBy) {
        boolean holding = false;
        long holdUntil = 0;
        String refused = null;
        long refusedAt = 0;
        try {
            while (true) {
                WriterRoute route = routes.apply(ledger);
                if (route.kind() == WriterRoute.Kind.HERE) {
                    return null;
                }
                if (refused != null && System.nanoTime() - refusedAt >= RETRY_REFUSED_NANOS) {
                    refused = null; // a writer that comes back under its id is asked again
                }
                if (route.kind() == WriterRoute.Kind.REMOTE && !route.writer().equals(refused)) {
                    String sentTo = route.writer();
                    try {
                        return forwarder.forward(route.url(), ledger, () -> sentTo.equals(routes.apply(ledger).writer()),
                                request, rawTarget, forwardedBy);
                    } catch (HttpForwarder.Aborted e) {
                        return ClusterNode.unavailable(api, "ledger " + ledger + ": its writer changed from node "
                                + sentTo + " while the request was forwarded; retry");
                    } catch (HttpForwarder.NotDelivered e) {
                        // The writer could not be reached: the request never left this node, so it may go to the
                        // next writer. Held below until one is known.
                        LOG.debug("Ledger {}: writer {} could not be reached ({}); holding the request", ledger,
                                sentTo, e.getMessage());
                        refused = sentTo;
                        refusedAt = System.nanoTime();
                        if (e.getCause() instanceof java.net.ConnectException) {
                            refusedWriters.refused(ledger, sentTo, route.url()); // not a timeout: nothing listens
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Forwarding to {} at {} failed: {}", sentTo, route.url(), e.toString());
                        return ClusterNode.unavailable(api, "ledger " + ledger + ": its writer node " + sentTo
                                + " did not answer; retry");
                    }
                }
                if (!holding) {
                    if (!held.tryAcquire()) {
                        LOG.warn("Ledger {} has no live writer and {} requests are held already; answering retry",
                                ledger, maximumHeld);
                        return ClusterNode.unavailable(api, "ledger " + ledger + " has no writer now (its writer is "
                                + "being elected); retry");
                    }
                    holding = true;
                    holdUntil = System.nanoTime() + holdNanos;
                }
                if (System.nanoTime() >= holdUntil || closed.getAsBoolean()) {
                    LOG.warn("Ledger {}: no live writer was known within {} ms (last named: {}); answering retry",
                            ledger, holdNanos / 1_000_000, route.writer());
                    return ClusterNode.unavailable(api, "ledger " + ledger + " has no writer now"
                            + (route.writer() == null ? "" : " (node " + route.writer() + " did not answer)")
                            + "; retry");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClusterNode.unavailable(api, "ledger " + ledger + " has no writer now; retry");
        } finally {
            if (holding) {
                held.release();
            }
        }
    }

    /** Requests held now (waiting for a writer). */
    int held() {
        return maximumHeld - held.availablePermits();
    }
}
