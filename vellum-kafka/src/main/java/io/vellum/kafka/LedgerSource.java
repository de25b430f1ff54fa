package io.vellum.kafka;

import io.vellum.engine.Ledger;
import java.util.Optional;

/**
 * How the {@link StreamManager} finds a ledger by name: when a stream is created, when it resumes after a restart,
 * and about ten times a second while it runs (to notice that its ledger was closed or replaced). Must be cheap and
 * free of side effects (a map lookup; no open attempts), and thread-safe.
 */
@FunctionalInterface
public interface LedgerSource {
    /** The open ledger of this name, or empty when there is none (unknown, deleted, closed, failed to open). */
    Optional<Ledger> find(String ledgerName);
}
