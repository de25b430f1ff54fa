package io.vellum.server.hosting;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledgers a server hosts: each lives in {@code <ledgersDirectory>/<name>/} (the engine's {@code journal/} and
 * {@code state/} plus this registry's {@code ledger.json} metadata), and is opened when the registry starts.
 *
 * <p>Thread-safe. {@link #ledger} is a lock-free map lookup (it is on every Session API request); changes (create,
 * update, tag, delete) are serialised. Durability: a method returns only after its metadata change is forced to
 * disk; a crash during {@link #create} leaves either no ledger or a complete empty one, a crash during
 * {@link #delete} either the whole ledger or none of it (the directory is renamed away atomically first).
 */
public final class LedgerRegistry implements AutoCloseable {
    public static final String ALLOW_ALL = "ALLOW_ALL";
    public static final String STANDARD = "STANDARD";
    /** QLDB's tag quotas (TagResource). */
    public static final int MAXIMUM_TAGS = 50;
    public static final int MAXIMUM_TAG_KEY_LENGTH = 128;
    public static final int MAXIMUM_TAG_VALUE_LENGTH = 256;
    /** Account id in ARNs: there are no AWS accounts here, and twelve zeros make that obvious. */
    public static final String ACCOUNT_ID = "000000000000";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRegistry.class);
    /** Prefix of a deleted ledger's directory between the atomic rename and the recursive removal. */
    private static final String DELETED_PREFIX = ".deleted-";

    private final Path directory;
    private final LedgerOptions options;
    private final String region;
    private final LedgerHosting hosting;
    private final ConcurrentHashMap<String, HostedLedger> hosted = new ConcurrentHashMap<>();
    /** Told about each deletion before the ledger closes; see {@link #addDeletionListener}. */
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    /** A hosted ledger; {@code ledger} is null while it cannot be opened, and {@code openFailure} says why. */
    private static final class HostedLedger {
        final Path directory;
        volatile LedgerInfo info;
        volatile Ledger ledger;
        volatile LedgerException openFailure;

        HostedLedger(Path directory, LedgerInfo info) {
            this.directory = directory;
            this.info = info;
        }

        /** QLDB tags tables only in STANDARD mode; read live, so UpdateLedgerPermissionsMode applies at once. */
        Optional<String> tableTagging() {
            LedgerInfo current = info;
            return current.permissionsMode().equals(STANDARD) ? Optional.empty() : Optional.of("table tags need a"
                    + " ledger in the STANDARD permissions mode; ledger " + current.name() + " is in the "
                    + current.permissionsMode() + " mode (UpdateLedgerPermissionsMode changes it)");
        }
    }

    /**
     * Opens every ledger found in {@code ledgersDirectory} (creating the directory when absent). A ledger that
     * fails to open (e.g. CORRUPTION) is still listed and described; {@link #ledger} retries the open and reports
     * the failure. Leftovers of interrupted deletions and creations are removed.
     */
    public LedgerRegistry(Path ledgersDirectory, LedgerOptions options, String region) {
        this(ledgersDirectory, options, region, LedgerHosting.LOCAL);
    }

    /** As {@link #LedgerRegistry(Path, LedgerOptions, String)}, opening and closing ledgers through {@code hosting}. */
    public LedgerRegistry(Path ledgersDirectory, LedgerOptions options, String region, LedgerHosting hosting) {
        this.hosting = Objects.requireNonNull(hosting, "hosting");
        this.directory = Objects.requireNonNull(ledgersDirectory, "ledgersDirectory");
        this.options = Objects.requireNonNull(options, "options");
        this.region = Objects.requireNonNull(region, "region");
        try {
            OwnerOnlyFiles.createDirectories(directory);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot create ledgers directory " + directory + ": " + e, e);
        }
        for (Path child : children(directory)) {
            String name = child.getFileName().toString();
            if (name.startsWith(DELETED_PREFIX)) {
                LOG.info("Removing {} left by an interrupted ledger deletion", child);
                deleteRecursively(child);
            } else if (Files.isDirectory(child)) {
                adopt(child, name);
            }
        }
    }

    private void adopt(Path child, String name) {
        if (name.startsWith(ImportedLedgers.IMPORTING_PREFIX)) {
            // Not removed here: the import may still be running in another process.
            LOG.warn("Ignoring {}: an import (vellum import) that is running or was cut off; remove it once no "
                    + "import runs, and import again", child);
            return;
        }
        if (LedgerNames.violation(name) != null) {
            LOG.warn("Ignoring {}: not a valid ledger name", child);
            return;
        }
        if (!LedgerMetadataFile.exists(child)) {
            if (Files.exists(child.resolve("journal"))) {
                adoptEmbedded(child, name);
            } else {
                // create() writes the metadata before the engine writes anything, so this is an interrupted
                // creation that was never acknowledged.
                LOG.info("Removing {} left by an interrupted ledger creation", child);
                deleteRecursively(child);
            }
            return;
        }
        LedgerInfo info = LedgerMetadataFile.read(child, this::arn);
        if (!info.name().equals(name)) {
            LOG.warn("Ignoring {}: its metadata names ledger '{}'", child, info.name());
            return;
        }
        HostedLedger ledger = new HostedLedger(child, info);
        open(ledger);
        hosted.put(name, ledger);
    }

    /**
     * Serves a ledger that an embedded user of the engine made in this layout ({@code vellum shell}, {@code vellum
     * import}'s target, an application with {@code Ledger.open}): a journal without this registry's metadata. It gets
     * QLDB's defaults for a new ledger (ACTIVE, ALLOW_ALL, deletion protection on, no tags), created at its first
     * block's time, written to {@code ledger.json} so that it is an ordinary hosted ledger from then on. (create()
     * writes the metadata before the engine writes anything, so a journal without metadata is never a creation this
     * registry was cut off in.)
     */
    private void adoptEmbedded(Path child, String name) {
        Instant created;
        try (Ledger opened = Ledger.open(child, options)) {
            created = opened.readBlock(new io.vellum.proof.block.BlockAddress(opened.strandId(), 0)).blockTimestamp()
                    .dateValue().toInstant();
        } catch (LedgerException e) {
            LOG.error("Ignoring {}: it has no {} and cannot be opened to serve it: {}", child,
                    LedgerMetadataFile.FILE_NAME, e.toString());
            return;
        }
        LedgerInfo info = new LedgerInfo(name, arn(name), LedgerInfo.ACTIVE, created, ALLOW_ALL, true, Map.of());
        LedgerMetadataFile.write(child, info);
        LOG.info("Serving ledger {} made without a server (vellum shell or an embedded application): wrote {} with"
                + " QLDB's defaults (deletion protection on, ALLOW_ALL)", name, child.resolve(LedgerMetadataFile.FILE_NAME));
        HostedLedger adopted = new HostedLedger(child, info);
        open(adopted);
        hosted.put(name, adopted);
    }

    private void open(HostedLedger ledger) {
        try {
            ledger.ledger = hosting.open(ledger.info.name(), ledger.directory, options.withTableTagging(ledger::tableTagging));
            ledger.openFailure = null;
        } catch (LedgerException e) {
            LOG.error("Ledger {} ({}) cannot be opened: {}", ledger.info.name(), ledger.directory, e.toString());
            ledger.openFailure = e;
            return;
        }
        io.vellum.engine.LedgerHealth health = ledger.ledger.health();
        health.tailCut().ifPresent(cut -> LOG.warn("Ledger {}: opening cut a {} (kept in {})", ledger.info.name(),
                cut.description(), cut.quarantineFile()));
        if (health.state() != io.vellum.engine.LedgerHealth.State.HEALTHY) {
            LOG.error("Ledger {} ({}) opened {}: {}", ledger.info.name(), ledger.directory, health.state(),
                    health.reason().orElse(""));
        }
    }

    /**
     * Creates and opens a ledger.
     *
     * @param permissionsMode {@code ALLOW_ALL} or {@code STANDARD}; null means {@code ALLOW_ALL}
     * @param tags            may be null
     * @throws LedgerException ALREADY_EXISTS; INVALID_REQUEST naming the broken rule for a bad name, mode or tag
     */
    public LedgerInfo create(String name, boolean deletionProtection, String permissionsMode, Map<String, String> tags) {
        LedgerNames.requireValid(name);
        String mode = permissionsMode(permissionsMode);
        Map<String, String> checkedTags = checkTags(tags == null ? Map.of() : tags);
        synchronized (this) {
            checkOpen();
            if (hosted.containsKey(name)) {
                throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Ledger " + name + " already exists");
            }
            Path ledgerDirectory = directory.resolve(name);
            try {
                OwnerOnlyFiles.createDirectory(ledgerDirectory);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new LedgerException(ErrorCode.ALREADY_EXISTS, "Ledger " + name + " cannot be created: "
                        + ledgerDirectory + " exists but is not a hosted ledger");
            } catch (IOException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot create " + ledgerDirectory + ": " + e, e);
            }
            LedgerInfo info = new LedgerInfo(name, arn(name), LedgerInfo.ACTIVE,
                    Instant.ofEpochMilli(options.clock().millis()), mode, deletionProtection, checkedTags);
            HostedLedger ledger = new HostedLedger(ledgerDirectory, info);
            try {
                LedgerMetadataFile.write(ledgerDirectory, info);
                LedgerMetadataFile.forceDirectory(directory);
                ledger.ledger = hosting.create(name, ledgerDirectory, options.withTableTagging(ledger::tableTagging));
            } catch (RuntimeException e) {
                deleteRecursively(ledgerDirectory);
                throw e;
            }
            try {
                hosting.changed(info, LedgerMetadataFile.encode(info));
            } catch (RuntimeException e) {
                hosting.close(name, ledger.ledger);
                deleteRecursively(ledgerDirectory);
                throw e;
            }
            hosted.put(name, ledger);
            LOG.info("Created ledger {}", name);
            return info;
        }
    }

    /**
     * The digest-signing public keys of ledger {@code name} that the other nodes of a cluster sign with, by node id
     * (see {@link LedgerHosting#otherNodesSigningKeys}); empty on a single node.
     */
    public java.util.Map<String, java.util.List<io.vellum.engine.signing.SigningKeyInfo>> otherNodesSigningKeys(
            String name) {
        return hosting.otherNodesSigningKeys(name);
    }

    /**
     * The open ledger {@code name}. Lock-free unless the ledger failed to open earlier (then the open is retried).
     *
     * @throws LedgerException NOT_FOUND "Ledger &lt;name&gt; does not exist"; the open failure (e.g. CORRUPTION) when
     *                         it still cannot be opened; UNAVAILABLE after {@link #close}
     */
    public Ledger ledger(String name) {
        HostedLedger ledger = require(name);
        Ledger open = ledger.ledger;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            checkOpen();
            LedgerException earlier = ledger.openFailure;
            // Damage does not heal by itself (an operator repairs it offline), so a CORRUPTION open is not retried
            // on every request; other failures (e.g. I/O) may be transient.
            if (ledger.ledger == null && (earlier == null || earlier.code() != ErrorCode.CORRUPTION)) {
                open(ledger);
            }
            if (ledger.ledger == null) {
                throw ledger.openFailure;
            }
            return ledger.ledger;
        }
    }

    /**
     * Why the hosted ledger {@code name} could not be opened (e.g. CORRUPTION naming a damaged block), if it could
     * not; empty when it is open or not hosted. For health reporting: an open ledger's own state is
     * {@link Ledger#health()}. Lock-free.
     */
    public Optional<LedgerException> openFailure(String name) {
        HostedLedger ledger = name == null ? null : hosted.get(name);
        return ledger == null || ledger.ledger != null ? Optional.empty() : Optional.ofNullable(ledger.openFailure);
    }

    /**
     * The ledger {@code name} if it is hosted and open, else empty; never opens, never waits for a lock. For
     * background readers that poll (journal streams, {@code io.vellum.kafka.LedgerSource}): a ledger that failed to
     * open, is being deleted or closed by shutdown is simply absent.
     */
    public Optional<Ledger> openLedger(String name) {
        HostedLedger ledger = name == null ? null : hosted.get(name);
        return ledger == null ? Optional.empty() : Optional.ofNullable(ledger.ledger);
    }

    /**
     * Registers {@code listener} to be called with a ledger's name when {@link #delete} has decided to delete it
     * (the ledger exists and is not protected), before the ledger is closed: the place to stop whatever reads the
     * ledger in the background (journal streams, open event streams), so they neither fail on a closed ledger nor
     * outlive it. Called under the registry's lock: a listener must not call this registry's changing methods. A
     * listener that throws aborts the deletion (the ledger stays).
     */
    public void addDeletionListener(Consumer<String> listener) {
        deletionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @throws LedgerException NOT_FOUND */
    public LedgerInfo describe(String name) {
        return require(name).info;
    }

    /** Every hosted ledger, sorted by name. */
    public List<LedgerInfo> list() {
        List<LedgerInfo> infos = new ArrayList<>(hosted.size());
        for (HostedLedger ledger : hosted.values()) {
            infos.add(ledger.info);
        }
        infos.sort(Comparator.comparing(LedgerInfo::name));
        return infos;
    }

    /**
     * Every hosted ledger's health, sorted by name: open, or why not. Never opens a ledger, never waits for a lock
     * (probes call this often); a ledger that failed to open is retried by {@link #ledger}, not here.
     */
    public List<LedgerHealth> health() {
        List<LedgerHealth> health = new ArrayList<>(hosted.size());
        for (HostedLedger ledger : hosted.values()) {
            Ledger open = ledger.ledger;
            LedgerException openFailure = ledger.openFailure;
            if (open != null) {
                health.add(LedgerHealth.opened(ledger.info.name(), open.failure().orElse(null)));
            } else if (openFailure != null) {
                health.add(LedgerHealth.notOpened(ledger.info.name(), openFailure));
            }
        }
        health.sort(Comparator.comparing(LedgerHealth::name));
        return health;
    }

    /** Changes deletion protection; null leaves it unchanged. @throws LedgerException NOT_FOUND */
    public synchronized LedgerInfo update(String name, Boolean deletionProtection) {
        checkOpen();
        HostedLedger ledger = require(name);
        if (deletionProtection == null || deletionProtection == ledger.info.deletionProtection()) {
            return ledger.info;
        }
        return store(ledger, ledger.info.withDeletionProtection(deletionProtection));
    }

    /** Changes the permissions mode ({@code ALLOW_ALL} or {@code STANDARD}). @throws LedgerException NOT_FOUND, INVALID_REQUEST */
    public synchronized LedgerInfo updatePermissionsMode(String name, String permissionsMode) {
        checkOpen();
        HostedLedger ledger = require(name);
        String mode = permissionsMode(Objects.requireNonNull(permissionsMode, "permissionsMode"));
        return mode.equals(ledger.info.permissionsMode()) ? ledger.info : store(ledger, ledger.info.withPermissionsMode(mode));
    }

    /**
     * Deletes a ledger: tells the deletion listeners, closes it (queued commits finish first), renames its directory
     * away atomically, removes it.
     *
     * @throws LedgerException NOT_FOUND; INVALID_REQUEST while deletion protection is enabled
     */
    public synchronized void delete(String name) {
        checkOpen();
        HostedLedger ledger = require(name);
        if (ledger.info.deletionProtection()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Ledger " + name + " has deletion protection "
                    + "enabled; disable deletion protection (UpdateLedger with DeletionProtection false) before "
                    + "deleting it");
        }
        remove(name, ledger);
        LOG.info("Deleted ledger {}", name);
        hosting.deleted(name);
    }

    /** Adds or replaces tags. @throws LedgerException NOT_FOUND, INVALID_REQUEST (bad key/value, over 50 tags) */
    public synchronized LedgerInfo tag(String name, Map<String, String> tags) {
        checkOpen();
        HostedLedger ledger = require(name);
        Map<String, String> merged = new TreeMap<>(ledger.info.tags());
        merged.putAll(tags);
        return store(ledger, ledger.info.withTags(checkTags(merged)));
    }

    /** Removes tags by key; absent keys are ignored. @throws LedgerException NOT_FOUND */
    public synchronized LedgerInfo untag(String name, Collection<String> keys) {
        checkOpen();
        HostedLedger ledger = require(name);
        Map<String, String> remaining = new TreeMap<>(ledger.info.tags());
        remaining.keySet().removeAll(keys);
        return remaining.size() == ledger.info.tags().size() ? ledger.info : store(ledger, ledger.info.withTags(remaining));
    }

    /** {@code arn:aws:qldb:<region>:000000000000:ledger/<name>}. */
    public String arn(String name) {
        return "arn:aws:qldb:" + region + ":" + ACCOUNT_ID + ":ledger/" + name;
    }

    /** The region in ARNs. */
    public String region() {
        return region;
    }

    /** Closes every ledger (each finishes its queued commits first); later calls fail with UNAVAILABLE. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HostedLedger ledger : hosted.values()) {
            Ledger open = ledger.ledger;
            ledger.ledger = null;
            ledger.openFailure = new LedgerException(ErrorCode.UNAVAILABLE, "the server is shutting down");
            if (open != null) {
                try {
                    hosting.close(ledger.info.name(), open);
                } catch (RuntimeException e) {
                    LOG.error("Closing ledger {} failed", ledger.info.name(), e);
                }
            }
        }
    }

    private LedgerInfo store(HostedLedger ledger, LedgerInfo changed) {
        // The cluster's catalog first: a change it refused is made nowhere; one it took reaches this node's files
        // too, through the catalog, even if the write below fails.
        hosting.changed(changed, LedgerMetadataFile.encode(changed));
        LedgerMetadataFile.write(ledger.directory, changed);
        ledger.info = changed;
        return changed;
    }

    /**
     * Tells the hosting about ledger {@code name}'s current metadata as if it had just changed ({@link
     * LedgerHosting#changed}): how a ledger this node had before it joined a cluster is made known to the other
     * nodes.
     *
     * @throws LedgerException NOT_FOUND when it is not hosted; what the hosting threw
     */
    public synchronized void announce(String name) {
        checkOpen();
        HostedLedger ledger = hosted.get(name);
        if (ledger == null) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "Ledger " + name + " is not hosted here");
        }
        hosting.changed(ledger.info, LedgerMetadataFile.encode(ledger.info));
    }

    /**
     * Makes this node's copy of a ledger's metadata equal to {@code entry} (a {@link LedgerHosting#changed} entry
     * written by any node of the cluster): creates and opens the ledger when it is not hosted, else replaces its
     * metadata. Idempotent; tells the hosting nothing.
     *
     * @throws LedgerException CORRUPTION when the entry cannot be read
     */
    public synchronized void applyReplicated(byte[] entry) {
        checkOpen();
        LedgerInfo info = LedgerMetadataFile.decode(entry, this::arn, "catalog entry");
        LedgerNames.requireValid(info.name());
        HostedLedger existing = hosted.get(info.name());
        if (existing != null) {
            if (!existing.info.equals(info)) {
                LedgerMetadataFile.write(existing.directory, info);
                existing.info = info;
            }
            return;
        }
        Path ledgerDirectory = directory.resolve(info.name());
        try {
            OwnerOnlyFiles.createDirectories(ledgerDirectory);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot create " + ledgerDirectory + ": " + e, e);
        }
        LedgerMetadataFile.write(ledgerDirectory, info);
        LedgerMetadataFile.forceDirectory(directory);
        HostedLedger ledger = new HostedLedger(ledgerDirectory, info);
        open(ledger);
        hosted.put(info.name(), ledger);
        LOG.info("Ledger {} created by another node of the cluster is hosted here too", info.name());
    }

    /**
     * Deletes this node's copy of ledger {@code name}, deleted by a node of the cluster (deletion protection was
     * checked there). Nothing when it is not hosted; tells the hosting nothing.
     */
    public synchronized void applyReplicatedDeletion(String name) {
        checkOpen();
        HostedLedger ledger = hosted.get(name);
        if (ledger == null) {
            return;
        }
        remove(name, ledger);
        LOG.info("Ledger {} deleted by another node of the cluster is deleted here too", name);
    }

    /**
     * Takes a hosted ledger out of service and off the disk: listeners first (streams and exports of it stop), then
     * the open ledger is closed and its directory moved aside atomically before it is deleted, so a crash leaves
     * either the whole ledger or none of it. Called under this registry's lock.
     */
    private void remove(String name, HostedLedger ledger) {
        for (Consumer<String> listener : deletionListeners) {
            listener.accept(name);
        }
        hosted.remove(name);
        Ledger open = ledger.ledger;
        ledger.ledger = null;
        if (open != null) {
            hosting.close(name, open);
        }
        Path trash = directory.resolve(DELETED_PREFIX + name + "-" + System.nanoTime());
        try {
            Files.move(ledger.directory, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot delete ledger " + name + ": moving "
                    + ledger.directory + " failed: " + e, e);
        }
        LedgerMetadataFile.forceDirectory(directory);
        deleteRecursively(trash);
    }

    private HostedLedger require(String name) {
        HostedLedger ledger = name == null ? null : hosted.get(name);
        if (ledger == null) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "Ledger " + name + " does not exist");
        }
        return ledger;
    }

    private void checkOpen() {
        if (closed) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "the server is shutting down");
        }
    }

    private static String permissionsMode(String mode) {
        if (mode == null) {
            return ALLOW_ALL;
        }
        if (!mode.equals(ALLOW_ALL) && !mode.equals(STANDARD)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "PermissionsMode must be " + ALLOW_ALL + " or "
                    + STANDARD + ", not '" + mode + "'");
        }
        return mode;
    }

    private static Map<String, String> checkTags(Map<String, String> tags) {
        if (tags.size() > MAXIMUM_TAGS) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a ledger may have at most " + MAXIMUM_TAGS
                    + " tags; this request would give it " + tags.size());
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isEmpty() || key.length() > MAXIMUM_TAG_KEY_LENGTH) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "a tag key has 1 to " + MAXIMUM_TAG_KEY_LENGTH
                        + " characters: '" + key + "'");
            }
            if (key.startsWith("aws:")) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "tag keys starting with 'aws:' are reserved: '"
                        + key + "'");
            }
            if (tag.getValue() == null || tag.getValue().length() > MAXIMUM_TAG_VALUE_LENGTH) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "the value of tag '" + key + "' must be present"
                        + " and have at most " + MAXIMUM_TAG_VALUE_LENGTH + " characters");
            }
        }
        return new TreeMap<>(tags);
    }

    private static List<Path> children(Path directory) {
        try (Stream<Path> stream = Files.list(directory)) {
            return stream.sorted().toList();
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot list " + directory + ": " + e, e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove {} completely ({}); it is removed again at the next start", root, e.toString());
        }
    }
}
