package io.vellum.server.hosting;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * Hands a ledger written offline ({@code vellum import}: journal and state store made from an export) over to the
 * server layout, so that {@code vellum serve} hosts it like a ledger made by CreateLedger.
 *
 * <p>A hosted ledger is a directory {@code <ledgers>/<name>/} with {@code ledger.json} beside the engine's files
 * ({@link LedgerRegistry}); a directory with a journal but no metadata is ignored. So the importer writes into a
 * directory named {@value #IMPORTING_PREFIX}{@code <name>-<nanos>} inside the ledgers directory (not a valid ledger
 * name, so a server never opens a half-written import), and {@link #adopt} writes the metadata into it and renames
 * it into place: a crash leaves either no ledger or a complete one.
 */
public final class ImportedLedgers {
    /** Prefix of the directory an import writes in before {@link #adopt} moves it into place. */
    public static final String IMPORTING_PREFIX = ".importing-";

    private ImportedLedgers() {
    }

    /** A fresh directory name inside {@code ledgersDirectory} for an import of {@code name} to write in. */
    public static Path stagingDirectory(Path ledgersDirectory, String name) {
        return ledgersDirectory.resolve(IMPORTING_PREFIX + name + "-" + System.nanoTime());
    }

    /**
     * Makes {@code writtenDirectory} (a closed ledger inside {@code ledgersDirectory}, from
     * {@link #stagingDirectory}) the hosted ledger {@code name}: writes its {@code ledger.json}, then renames it to
     * {@code <ledgersDirectory>/<name>} atomically. A running server sees it at its next start.
     *
     * <p>The metadata is CreateLedger's defaults (ALLOW_ALL, deletion protection on, no tags) with
     * {@code creationDateTime} as the creation time: pass the imported ledger's own (its block 0's timestamp), not
     * the time of the import, because exports move a start time before a ledger's creation to the creation time,
     * and an import-time creation would cut the imported history out of every export.
     *
     * @throws LedgerException INVALID_REQUEST for a name QLDB would refuse; ALREADY_EXISTS when
     *                         {@code <ledgersDirectory>/<name>} exists; UNAVAILABLE when writing or renaming fails
     */
    public static void adopt(Path ledgersDirectory, String name, Path writtenDirectory, Instant creationDateTime) {
        LedgerNames.requireValid(name);
        Path target = ledgersDirectory.resolve(name);
        if (Files.exists(target)) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, "ledger " + name + " already exists: " + target);
        }
        // The ARN is not stored (it is derived from the server's region when the ledger is read back).
        LedgerMetadataFile.write(writtenDirectory, new LedgerInfo(name, "arn:aws:qldb:unused", LedgerInfo.ACTIVE,
                creationDateTime, "ALLOW_ALL", true, Map.of()));
        try {
            Files.move(writtenDirectory, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot move the imported ledger " + writtenDirectory
                    + " to " + target + ": " + e, e);
        }
        DurableFile.forceDirectory(ledgersDirectory);
    }
}
