package io.vellum.server.hosting;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import java.nio.file.Path;

/**
 * How a {@link LedgerRegistry} opens and closes its ledgers and whom it tells about metadata changes: on one node
 * ({@link #LOCAL}, the default: the engine's {@link Ledger#open}, nothing told), or as a node of a cluster, where a
 * ledger is a replica kept by Kafka and every change goes to the cluster's catalog.
 */
public interface LedgerHosting {
    /** Single-node hosting: the engine's own open and close; changes stay on this node. */
    LedgerHosting LOCAL = new LedgerHosting() {
        @Override
        public Ledger open(String name, Path directory, LedgerOptions options) {
            return Ledger.open(directory, options);
        }

        @Override
        public void close(String name, Ledger ledger) {
            ledger.close();
        }
    };

    /** Opens ledger {@code name} in {@code directory} (creating it when the directory is empty). */
    Ledger open(String name, Path directory, LedgerOptions options);

    /**
     * Creates ledger {@code name} in the empty {@code directory} for CreateLedger: {@link #open} by default; a cluster
     * refuses a name another node created meanwhile.
     *
     * @throws io.vellum.error.LedgerException ALREADY_EXISTS when the name was taken elsewhere meanwhile
     */
    default Ledger create(String name, Path directory, LedgerOptions options) {
        return open(name, directory, options);
    }

    /** Closes what {@link #open} returned. */
    void close(String name, Ledger ledger);

    /**
     * Called (under the registry's lock) after this node created or changed a ledger's metadata and forced it,
     * before the request is answered; {@code entry} is the metadata's encoding. A throw fails the request.
     */
    default void changed(LedgerInfo info, byte[] entry) {
    }

    /**
     * The digest-signing public keys of ledger {@code name} held by the other nodes of a cluster, by node id: every
     * node signs with keys of its own, and serves every node's public keys. Empty on a single node.
     */
    default java.util.Map<String, java.util.List<io.vellum.engine.signing.SigningKeyInfo>> otherNodesSigningKeys(
            String name) {
        return java.util.Map.of();
    }

    /** Called (under the registry's lock) after this node deleted ledger {@code name}. */
    default void deleted(String name) {
    }
}
