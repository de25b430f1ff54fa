package io.vellum.cli;

import io.vellum.server.hosting.DataDirectoryLock;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a ledger lives on disk: {@code <data>/ledgers/<ledger>/}, the same layout {@code vellum serve} uses, so the
 * shell and the offline commands work on a server's ledgers (while the server is stopped: a ledger is locked by
 * the process that has it open: {@link #lock} fails with "data directory DIR is in use by process N").
 */
final class LedgerLocation {
    @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})", defaultValue = "data")
    Path data;

    @Option(names = "--ledger", description = "ledger name (default: ${DEFAULT-VALUE})", defaultValue = "default")
    String ledger;

    Path directory() {
        return data.resolve("ledgers").resolve(ledger);
    }

    /**
     * Claims the data directory for this process, as {@code vellum serve} does.
     *
     * @throws io.vellum.error.LedgerException UNAVAILABLE "data directory DIR is in use by process N"
     */
    DataDirectoryLock lock() {
        return DataDirectoryLock.acquire(data);
    }
}
