package io.vellum.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.cluster.ClusterCatalog;
import io.vellum.cluster.ClusterSettings;
import io.vellum.cluster.ReplicatedLedger;
import io.vellum.cluster.ReplicationStatus;
import io.vellum.cluster.WriterElection;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.hosting.ClusterView;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.hosting.LedgerHosting;
import io.vellum.server.hosting.LedgerInfo;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.http.RequestForwarding;
import io.vellum.server.session.SessionTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This server as a node of a cluster: hosts every ledger as a {@link ReplicatedLedger} (the {@link LedgerHosting}
 * of its {@link LedgerRegistry}), writes the ledgers whose election partitions Kafka assigned to it and follows the
 * rest, keeps the registry equal to the cluster's catalog, and forwards requests that only a writer can answer.
 *
 * <p>Catalog keys ({@link ClusterCatalog}): {@code ledger/<name>} → the ledger's metadata (its {@code ledger.json}),
 * a tombstone when deleted; {@code node/<id>} → {@code {"url":…}}; {@code writer/<ledger>} →
 * {@code {"node":…,"epoch":…}}, written by each new writer after it fenced the previous one, so the catalog's order
 * of writer entries is the order of writers.
 *
 * <p>Reconciliation (on every assignment change and every second): a ledger of an assigned partition that this node
 * follows is taken over ({@link ReplicatedLedger#startWriter}: fences the old writer, catches up); a ledger this
 * node writes whose partition went elsewhere is handed back ({@link ReplicatedLedger#stepDown}). Thread-safe.
 */
public final class ClusterNode implements LedgerHosting, ClusterView, RequestForwarding, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEDGER = "ledger/";
    private static final String NODE = "node/";
    private static final String WRITER = "writer/";
    private static final String TAGS = "/tags/";
    private static final String LEDGER_ARN_MARKER = ":ledger/";
    private static final String TABLE_ARN_MARKER = "/table/";
    static final int FETCH_WAIT_MS = 50;
    /** The file that marks a ledger directory as hosted in a cluster (holds the id of the node that marked it). */
    static final String MEMBER_MARK = "cluster-member";
    /**
     * How long forwards to a deposed writer may still finish after the catalog named its successor. A live writer
     * that stepped down answers its requests in flight within milliseconds (a commit it acknowledged is in the
     * topic), and that answer is better than an unknown outcome; a paused one never answers.
     */
    static final long ABORT_GRACE_MS = 1_000;
    /**
     * The most writer requests held at once while a ledger has no live writer ({@link HeldForwarding}): half the
     * server's 256 worker threads, so reads, health and the control plane keep threads during a failover. Past it a
     * request gets the retryable 503 at once.
     */
    static final int MAXIMUM_HELD_REQUESTS = 128;
    /**
     * The longest a control plane request waits for Kafka to name the catalog's end before it is answered from what
     * this node applied (a node cut off from Kafka still answers, possibly stale). Once the end is known, applying
     * the entries before it may take up to the Kafka timeout ({@link ClusterConfig#kafkaTimeout()}): opening a new
     * ledger took more than 5 s on a loaded machine (README, "Running a cluster").
     */
    static final Duration CATALOG_SYNC_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterConfig config;
    private final ClusterSettings settings;
    private final Map<String, ReplicatedLedger> replicas = new ConcurrentHashMap<>();
    private final Map<String, URI> nodes = new ConcurrentHashMap<>();
    private final Map<String, String> writers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failovers = new ConcurrentHashMap<>();
    /** How often each node was announced ({@code node/<id>}): every start announces it once. */
    private final Map<String, AtomicLong> nodeStarts = new ConcurrentHashMap<>();
    /** The directory of each hosted ledger (where its cluster-member mark goes). */
    private final Map<String, Path> directories = new ConcurrentHashMap<>();
    /** The ledgers the catalog names ({@code ledger/<name>} entries read so far, tombstones removing). */
    private final Set<String> cataloged = ConcurrentHashMap.newKeySet();
    /**
     * Local ledgers the cluster does not know that did not join it: never written or announced by this node (a
     * writer would put their blocks into a topic that no catalog entry names, and take the name from a later
     * CreateLedger).
     */
    private final Set<String> detached = ConcurrentHashMap.newKeySet();
    private final HttpForwarder forwarder;
    private final HeldForwarding heldForwarding;
    /** Null when eviction is off ({@link ClusterConfig#evicts()}). */
    private final WriterEviction eviction;
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vellum-cluster-reconciler");
        thread.setDaemon(true);
        return thread;
    });
    private final ClusterSigningKeys signingKeys;
    private final ClusterJournalOutputs journalOutputs = new ClusterJournalOutputs(this::writes, () -> this.catalog);
    private final ScheduledExecutorService forwardAborter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vellum-cluster-forward-abort");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LedgerRegistry registry;
    private volatile ClusterCatalog catalog;
    private volatile WriterElection election;
    private volatile boolean closed;

    public ClusterNode(ClusterConfig config) {
        this.config = config;
        this.signingKeys = new ClusterSigningKeys(config.nodeId());
        this.settings = new ClusterSettings(config.bootstrapServers(), config.nodeId(),
                withFetchWait(config.clientProperties()), config.kafkaTimeout());
        int holdMillis = HttpForwarder.readTimeoutForSession(config.sessionTimeout().toMillis());
        this.forwarder = new HttpForwarder(2_000, holdMillis);
        this.eviction = config.evicts() ? new WriterEviction(config.nodeId(), config.evictAfter(), this::evict,
                (ledger, node) -> node.equals(writers.get(ledger)) && !writes(ledger), this::startsOf) : null;
        this.heldForwarding = new HeldForwarding(forwarder, this::route, () -> closed, holdMillis * 1_000_000L,
                MAXIMUM_HELD_REQUESTS, eviction == null ? HeldForwarding.RefusedWriters.NONE : eviction::refused);
    }

    private boolean evict(String node, String reason) {
        WriterElection current = election;
        return current != null && !closed && current.evict(node, reason);
    }

    private long startsOf(String node) {
        AtomicLong starts = nodeStarts.get(node);
        return starts == null ? 0 : starts.get();
    }

    /**
     * Kafka's default {@code fetch.max.wait.ms} (500) is what a consumer waits at a topic's end for more data. A new
     * writer positions its catch-up reader by a binary search over the ledger's topic whose probes near the end each
     * waited that long: 2–3.6 s of every takeover (ClusterModeTest). {@value #FETCH_WAIT_MS} ms cut the catch-up to
     * about 0.4 s; the price is an idle follower asking the broker for more every {@value #FETCH_WAIT_MS} ms per
     * ledger. An operator's own {@code fetch.max.wait.ms} wins.
     */
    private static Map<String, String> withFetchWait(Map<String, String> properties) {
        Map<String, String> merged = new java.util.HashMap<>(properties);
        merged.putIfAbsent("fetch.max.wait.ms", Integer.toString(FETCH_WAIT_MS));
        return merged;
    }

    /**
     * Joins the cluster: applies the catalog to {@code ledgers} (read to its end before this returns), announces
     * this node's URL, joins the writer election.
     *
     * @throws LedgerException UNAVAILABLE when Kafka does not answer in time
     */
    public void start(LedgerRegistry ledgers) {
        this.registry = ledgers;
        catalog = ClusterCatalog.start(settings, this::apply);
        catalog.awaitCaughtUp(config.kafkaTimeout());
        ObjectNode node = JSON.createObjectNode().put("url", config.advertisedUrl().toString());
        catalog.publish(NODE + config.nodeId(), bytes(node));
        joinLocalLedgers();
        election = WriterElection.start(settings, (int) config.sessionTimeout().toMillis(), config.evicts(),
                assigned -> reconcileSoon());
        reconciler.scheduleWithFixedDelay(this::reconcile, 1, 1, TimeUnit.SECONDS);
        LOG.info("Node {} joined the cluster at {} (advertised {})", config.nodeId(), config.bootstrapServers(),
                config.advertisedUrl());
    }

    // ---- the catalog

    private void apply(String key, byte[] value) {
        if (key == null) {
            return;
        }
        if (ClusterJournalOutputs.owns(key)) {
            journalOutputs.apply(key, value);
        } else if (ClusterSigningKeys.owns(key)) {
            signingKeys.apply(key, value);
        } else if (key.startsWith(LEDGER)) {
            String name = key.substring(LEDGER.length());
            if (value == null) {
                cataloged.remove(name);
                registry.applyReplicatedDeletion(name);
                writers.remove(name);
            } else {
                cataloged.add(name);
                detached.remove(name);
                registry.applyReplicated(value);
                markMember(name);
            }
        } else if (key.startsWith(NODE)) {
            if (value == null) {
                nodes.remove(key.substring(NODE.length()));
            } else {
                nodes.put(key.substring(NODE.length()), URI.create(json(value).path("url").asText()));
                nodeStarts.computeIfAbsent(key.substring(NODE.length()), id -> new AtomicLong()).incrementAndGet();
            }
        } else if (key.startsWith(WRITER)) {
            String ledger = key.substring(WRITER.length());
            if (value == null) {
                writers.remove(ledger);
                return;
            }
            String writer = json(value).path("node").asText();
            String previous = writers.put(ledger, writer);
            if (previous != null && !previous.equals(writer)) {
                failovers.computeIfAbsent(ledger, name -> new AtomicLong()).incrementAndGet();
                abortForwards(ledger, previous, writer);
            }
        }
    }

    @Override
    public void changed(LedgerInfo info, byte[] entry) {
        requireCatalog().publish(LEDGER + info.name(), entry);
    }

    @Override
    public void deleted(String name) {
        requireCatalog().publish(LEDGER + name, null);
        requireCatalog().publish(WRITER + name, null);
        signingKeys.ledgerDeleted(requireCatalog(), name);
        // After the tombstone (every node closes its copy when it reads it): the blocks go with the ledger, so that a
        // new ledger of the same name starts from an empty topic instead of adopting the deleted one's blocks.
        try {
            ReplicatedLedger.deleteTopic(name, settings);
            LOG.info("Ledger {} deleted from the cluster; its topic is deleted", name);
        } catch (LedgerException e) {
            LOG.warn("Ledger {} is deleted but its topic could not be deleted (delete it by hand before creating "
                    + "the name again): {}", name, e.getMessage());
        }
    }

    /**
     * Ledgers of this node's data directory that the catalog does not name join the cluster, unless this node
     * hosted them in the cluster before. Such a ledger was made on a single node (a data directory joining a cluster
     * through {@code vellum serve --cluster}): this node becomes its writer first ({@link
     * ReplicatedLedger#startWriter} fences any writer, reads the ledger's topic and publishes the local blocks it
     * lacks, after checking that the topic is a prefix of the local journal), only then is it announced as
     * {@code ledger/<name>}, so every node that applies the entry finds the blocks in the topic (the rule of
     * CreateLedger). A ledger marked as a member ({@value #MEMBER_MARK}) that the catalog does not name was deleted
     * through another node while this one was down (its tombstone compacted away): it is not announced again.
     */
    private void joinLocalLedgers() {
        for (ReplicatedLedger replica : List.copyOf(replicas.values())) {
            String name = replica.name();
            Path directory = directories.get(name);
            if (cataloged.contains(name)) {
                markMember(name);
                continue;
            }
            if (directory != null && Files.exists(directory.resolve(MEMBER_MARK))) {
                LOG.warn("Ledger {} is in this node's data directory ({}) but not in the cluster's catalog, although"
                        + " this node hosted it in the cluster before: it was deleted through another node while "
                        + "this node was down. Not announced again; its copy is read through this node only. "
                        + "Delete the directory to drop it, or remove {} from it and restart to announce it as a new "
                        + "ledger of the cluster", name, directory, MEMBER_MARK);
                detached.add(name);
                continue;
            }
            try {
                replica.startWriterOfLocalLedger();
                announceWriter(replica);
                registry.announce(name);
                markMember(name);
                LOG.info("Ledger {} of this node's data directory joined the cluster: blocks 0..{} are in topic "
                        + "vellum.ledger.{} and every node hosts it", name, replica.status().tipSequenceNo(),
                        name);
            } catch (LedgerException e) {
                if (e.code() == ErrorCode.CORRUPTION || e.code() == ErrorCode.VERIFICATION_FAILED) {
                    LOG.error("Ledger {} of this node's data directory did not join the cluster: topic "
                            + "vellum.ledger.{} holds another ledger of that name (its blocks are not a prefix of "
                            + "this node's journal). This node keeps its copy (read through this node only); the "
                            + "other nodes do not host it. Move {} out of the data directory (or import the ledger "
                            + "under another name) and restart; do not rebuild it from the topic, which would "
                            + "replace its journal", name, name, directory);
                } else {
                    LOG.error("Ledger {} of this node's data directory did not join the cluster: {}. Restart this "
                            + "node to try again", name, e.getMessage());
                }
                detached.add(name);
            }
        }
    }

    /** Marks ledger {@code name}'s directory as hosted in the cluster (see {@link #joinLocalLedgers}). */
    private void markMember(String name) {
        Path directory = directories.get(name);
        if (directory == null || Files.exists(directory.resolve(MEMBER_MARK))) {
            return;
        }
        try {
            Files.write(OwnerOnlyFiles.createFile(directory.resolve(MEMBER_MARK)),
                    config.nodeId().getBytes(StandardCharsets.UTF_8));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // marked meanwhile
        } catch (IOException e) {
            LOG.warn("Ledger {}: its directory was not marked as hosted in the cluster: {}", name, e.toString());
        }
    }

    private ClusterCatalog requireCatalog() {
        ClusterCatalog current = catalog;
        if (current == null) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "this node has not joined its cluster yet");
        }
        return current;
    }

    // ---- hosting

    /**
     * Opens the ledger as a follower; a ledger that has no block in its topic yet is being created through this
     * node (the catalog names a ledger only after its block 0 is in the topic), so this node becomes its first
     * writer, creating block 0. The election moves the writer to the ledger's elected node afterwards.
     */
    @Override
    public Ledger open(String name, Path directory, LedgerOptions options) {
        ReplicatedLedger replica;
        try {
            replica = ReplicatedLedger.openFollower(name, directory, options, settings);
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            replica = ReplicatedLedger.openWriter(name, directory, options, settings);
            announceWriter(replica);
        }
        replicas.put(name, replica);
        directories.put(name, directory);
        if (election != null) {
            reconcileSoon();
        }
        return replica.ledger();
    }

    /**
     * CreateLedger through this node: it becomes the ledger's first writer and creates block 0 in the ledger's topic
     * only if the topic has none; of two nodes creating one name at once exactly one succeeds, the other answers
     * ALREADY_EXISTS (QLDB's ResourceAlreadyExistsException) and then hosts the winner's ledger from the catalog.
     */
    @Override
    public Ledger create(String name, Path directory, LedgerOptions options) {
        ReplicatedLedger replica = ReplicatedLedger.createWriter(name, directory, options, settings);
        announceWriter(replica);
        replicas.put(name, replica);
        directories.put(name, directory);
        markMember(name);
        if (election != null) {
            reconcileSoon();
        }
        return replica.ledger();
    }

    @Override
    public void close(String name, Ledger ledger) {
        ReplicatedLedger replica = replicas.remove(name);
        directories.remove(name);
        detached.remove(name);
        if (replica != null) {
            replica.close();
        } else {
            ledger.close();
        }
    }

    // ---- election

    private void reconcileSoon() {
        try {
            reconciler.execute(this::reconcile);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing to reconcile any more
        }
    }

    private void reconcile() {
        WriterElection current = election;
        if (closed || current == null) {
            return;
        }
        for (ReplicatedLedger replica : replicas.values()) {
            if (detached.contains(replica.name())) {
                continue;
            }
            try {
                ReplicationStatus status = replica.status();
                boolean holds = current.holds(replica.name());
                if (holds && status.state() == ReplicationStatus.State.FOLLOWING) {
                    replica.startWriter();
                    announceWriter(replica);
                } else if (!holds && status.state() == ReplicationStatus.State.WRITING) {
                    replica.stepDown("ledger " + replica.name() + " moved to another node by the writer election;"
                            + " this node (" + config.nodeId() + ") is a follower now, retry the transaction");
                } else if (holds && status.state() == ReplicationStatus.State.WRITING
                        && !config.nodeId().equals(writers.get(replica.name()))) {
                    announceWriter(replica);
                }
            } catch (LedgerException e) {
                LOG.warn("Ledger {}: {}", replica.name(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Ledger {}: reconciling its writer failed", replica.name(), e);
            }
        }
        journalOutputs.rolesChanged();
        publishSigningKeys();
    }

    /** Each hosted ledger's signing public keys of this node, to the catalog when they changed (creation, rotation). */
    private void publishSigningKeys() {
        ClusterCatalog current = catalog;
        if (current == null) {
            return;
        }
        for (ReplicatedLedger replica : replicas.values()) {
            if (detached.contains(replica.name())) {
                continue;
            }
            try {
                signingKeys.publishIfChanged(current, replica.name(), replica.ledger().signer().keys());
            } catch (LedgerException e) {
                LOG.warn("Ledger {}: its signing keys were not published: {}", replica.name(), e.getMessage());
            }
        }
    }

    @Override
    public Map<String, List<io.vellum.engine.signing.SigningKeyInfo>> otherNodesSigningKeys(String ledger) {
        return signingKeys.otherNodes(ledger);
    }

    /** Whether this node writes {@code ledger} now: where its journal streams and exports run. */
    private boolean writes(String ledger) {
        ReplicatedLedger replica = replicas.get(ledger);
        return replica != null && replica.status().state() == ReplicationStatus.State.WRITING;
    }

    /**
     * Runs {@code streams} and {@code exports} the cluster's way: every node knows every stream and export (through
     * the catalog), the ledger's writer runs them. Call once, after {@link #start}, with the managers built on
     * {@link #streamCoordination()} and {@link #exportCoordination()}.
     */
    public void attachJournalOutputs(io.vellum.kafka.StreamManager streams,
                                     io.vellum.server.exports.JournalExports exports) {
        journalOutputs.attach(streams, exports);
    }

    /** Where this node's journal streams run: on the writer of their ledger. */
    public io.vellum.kafka.StreamCoordination streamCoordination() {
        return journalOutputs;
    }

    /** Where this node's journal exports run: on the writer of their ledger. */
    public io.vellum.server.exports.ExportCoordination exportCoordination() {
        return journalOutputs;
    }

    private void announceWriter(ReplicatedLedger replica) {
        ClusterCatalog current = catalog;
        if (current == null) {
            return;
        }
        ObjectNode writer = JSON.createObjectNode().put("node", config.nodeId())
                .put("epoch", replica.status().writerEpoch());
        current.publish(WRITER + replica.name(), bytes(writer));
    }

    // ---- forwarding

    /**
     * Ends the forwards of {@code ledger}'s requests still waiting for its previous writer {@value #ABORT_GRACE_MS} ms
     * after the catalog named the new one: the old writer was fenced, so they can only end in an error, and a paused
     * writer would hold them until the read timeout. Their clients get the retryable answer and their retry goes to
     * the new writer.
     */
    private void abortForwards(String ledger, String previous, String writer) {
        URI url = nodes.get(previous);
        if (url == null || forwarder.inFlight(ledger, url) == 0) {
            return;
        }
        try {
            forwardAborter.schedule(() -> {
                if (previous.equals(writers.get(ledger))) {
                    return; // the writer came back within the grace: its forwards are answered by the writer
                }
                int aborted = forwarder.abort(ledger, url);
                if (aborted > 0) {
                    LOG.info("Ledger {}: its writer changed from {} to {}; aborted {} forwarded request(s) still "
                            + "waiting for {} after {} ms", ledger, previous, writer, aborted, previous, ABORT_GRACE_MS);
                }
            }, ABORT_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the forwards end with the server
        }
    }

    @Override
    public HttpResponse forward(HttpRequest request, String rawTarget, Api api) {
        if (request.header(FORWARDED_HEADER) != null) {
            return null; // forwarded once already: served here, never bounced on
        }
        if (api == Api.CONTROL && readsCatalog(request)) {
            awaitCatalog();
        }
        String ledger = switch (api) {
            case SESSION -> sessionLedger(request);
            case NATIVE -> nativeStatementLedger(request);
            case CONTROL -> tableTaggingLedger(request);
        };
        if (ledger == null) {
            return null;
        }
        return heldForwarding.forward(ledger, api, request, rawTarget, config.nodeId());
    }

    /**
     * Where {@code ledger}'s writer requests go now: served here when this node writes it, does not host it, or can
     * never write it (failed, stopped) and no other writer is known; forwarded to the live writer the catalog names;
     * unknown (held by {@link HeldForwarding}) while the election chooses one.
     */
    WriterRoute route(String ledger) {
        ReplicatedLedger replica = replicas.get(ledger);
        String writer = writers.get(ledger);
        if (replica == null || detached.contains(ledger)) {
            return WriterRoute.here(writer); // not hosted, or not in the cluster: this node answers
        }
        ReplicationStatus.State state = replica.status().state();
        if (state == ReplicationStatus.State.WRITING) {
            return WriterRoute.here(writer);
        }
        URI url = writer == null || writer.equals(config.nodeId()) ? null : nodes.get(writer);
        if (url != null) {
            return WriterRoute.remote(writer, url);
        }
        if (state == ReplicationStatus.State.FAILED || state == ReplicationStatus.State.STOPPED) {
            return WriterRoute.here(writer); // this node will not write it: its own answer, at once
        }
        return WriterRoute.unknown(writer);
    }

    /**
     * Read-your-writes for the cluster's metadata: returns once this node applied every catalog entry Kafka had
     * when the request arrived (ledgers, tags, journal streams and exports, whichever node published them; a
     * request through another node that was answered published its entry before it answered). At most
     * {@link #CATALOG_SYNC_TIMEOUT}: a node that cannot reach Kafka then answers from what it applied.
     */
    private void awaitCatalog() {
        ClusterCatalog current = catalog;
        if (current == null) {
            return;
        }
        long started = System.nanoTime();
        Duration applyTimeout = config.kafkaTimeout();
        try {
            current.awaitCaughtUp(CATALOG_SYNC_TIMEOUT, applyTimeout);
            Duration left = applyTimeout.minusNanos(System.nanoTime() - started);
            if (!journalOutputs.awaitApplied(left.isNegative() ? Duration.ZERO : left)) {
                LOG.warn("Journal streams and exports of the cluster catalog were not applied within {}; answering "
                        + "from what this node applied", applyTimeout);
            }
        } catch (LedgerException e) {
            LOG.warn("The cluster catalog could not be read to its end ({}); answering from what this node applied",
                    e.getMessage());
        }
    }

    /**
     * Whether a control plane request reads or changes the cluster's metadata (every control plane request but
     * GetDigest, GetBlock and GetRevision, which read the ledger's own state: {@code POST /ledgers/<name>/digest},
     * {@code …/block}, {@code …/revision}).
     */
    static boolean readsCatalog(HttpRequest request) {
        if (!request.method().equals("POST")) {
            return true;
        }
        String[] segments = request.path().split("/");
        // "", "ledgers", name, "digest" | "block" | "revision"
        return !(segments.length == 4 && segments[1].equals("ledgers")
                && (segments[3].equals("digest") || segments[3].equals("block") || segments[3].equals("revision")));
    }

    /** The retryable 503 of a forward that failed, in the shape of the request's API (each client retries it). */
    static HttpResponse unavailable(Api api, String message) {
        return switch (api) {
            case SESSION -> AwsErrors.error(503, "CapacityExceededException", message, AwsErrors.AWS_JSON_1_0);
            case NATIVE -> AwsErrors.nativeCompatible(503, "ServiceUnavailableException", "UNAVAILABLE", message);
            case CONTROL -> AwsErrors.error(503, "ServiceUnavailableException", message, AwsErrors.REST_JSON);
        };
    }

    /** The ledger of a Session API request: StartSession's LedgerName, else the one its session token names. */
    static String sessionLedger(HttpRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return null;
        }
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode start = body.get("StartSession");
        if (start != null) {
            JsonNode name = start.get("LedgerName");
            return name != null && name.isTextual() ? name.asText() : null;
        }
        JsonNode token = body.get("SessionToken");
        return token != null && token.isTextual() ? SessionTokens.ledgerOf(token.asText()) : null;
    }

    /**
     * The ledger of a control plane request that writes its journal: TagResource ({@code POST}) or UntagResource
     * ({@code DELETE}) on a table's ARN ({@code /tags/arn:…:ledger/<name>/table/<tableId>}), which journals a catalog
     * revision. Else null: a ledger's own tags, and every other control plane request, are metadata any node
     * changes (through the cluster's catalog) or reads from its own copy. A malformed ARN is served here (refused).
     */
    static String tableTaggingLedger(HttpRequest request) {
        if (!(request.method().equals("POST") || request.method().equals("DELETE"))
                || !request.path().startsWith(TAGS)) {
            return null;
        }
        String arn = request.path().substring(TAGS.length());
        int marker = arn.indexOf(LEDGER_ARN_MARKER);
        if (!arn.startsWith("arn:") || marker < 0) {
            return null;
        }
        String path = arn.substring(marker + LEDGER_ARN_MARKER.length());
        int table = path.indexOf(TABLE_ARN_MARKER);
        if (table <= 0) {
            return null;
        }
        String ledger = path.substring(0, table);
        return ledger.contains("/") ? null : ledger;
    }

    /** The ledger of {@code POST /v1/ledgers/<name>/statements}, else null (everything else is served here). */
    static String nativeStatementLedger(HttpRequest request) {
        String[] segments = request.path().split("/");
        // "", "v1", "ledgers", name, "statements" (or "batches": Session API statements, on the writer's sessions)
        if (request.method().equals("POST") && segments.length == 5 && segments[1].equals("v1")
                && segments[2].equals("ledgers")
                && (segments[4].equals("statements") || segments[4].equals("batches"))) {
            return segments[3];
        }
        return null;
    }

    // ---- what /health and /metrics show

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public List<LedgerReplication> ledgers() {
        List<LedgerReplication> ledgers = new ArrayList<>();
        for (ReplicatedLedger replica : replicas.values()) {
            ReplicationStatus status = replica.status();
            boolean writing = status.state() == ReplicationStatus.State.WRITING;
            String writer = writing ? config.nodeId() : writers.getOrDefault(replica.name(), status.writerNode());
            // Unread topic records: blocks plus one transaction marker per commit round, so an upper bound.
            long lag = status.lagRecords();
            AtomicLong count = failovers.get(replica.name());
            ledgers.add(new LedgerReplication(replica.name(), writing ? "writer" : "follower",
                    status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), writer, lag,
                    status.writerEpoch(), count == null ? 0 : count.get()));
        }
        ledgers.sort(Comparator.comparing(LedgerReplication::ledger));
        return ledgers;
    }

    /** The node this one takes as {@code ledger}'s writer, or null (for tests and tools). */
    public String writerOf(String ledger) {
        ReplicatedLedger replica = replicas.get(ledger);
        if (replica != null && replica.status().state() == ReplicationStatus.State.WRITING) {
            return config.nodeId();
        }
        return writers.get(ledger);
    }

    /** This node's replication status of {@code ledger}, or null when it does not host it. */
    public ReplicationStatus status(String ledger) {
        ReplicatedLedger replica = replicas.get(ledger);
        return replica == null ? null : replica.status();
    }

    /**
     * Where this node's commit rounds of {@code ledger} spent their time as its writer (empty counts when it never
     * wrote it), or an empty list when it does not host it; for benchmarks and tools.
     */
    public List<io.vellum.cluster.CommitStageTimings> commitTimings(String ledger) {
        ReplicatedLedger replica = replicas.get(ledger);
        return replica == null ? List.of() : replica.commitTimings();
    }

    @Override
    public long writerEvictions() {
        return eviction == null ? 0 : eviction.evictions();
    }

    /** The election partitions Kafka assigned to this node now. */
    public Set<Integer> assignedPartitions() {
        WriterElection current = election;
        return current == null ? Set.of() : current.assigned();
    }

    /** Leaves the election (its ledgers move to other nodes at once) and stops reading the catalog. */
    @Override
    public void close() {
        closed = true;
        reconciler.shutdownNow();
        journalOutputs.close();
        forwardAborter.shutdownNow();
        if (eviction != null) {
            eviction.close();
        }
        if (election != null) {
            election.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "a catalog entry is not JSON", e);
        }
    }
}
