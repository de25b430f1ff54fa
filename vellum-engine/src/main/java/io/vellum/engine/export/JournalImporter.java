package io.vellum.engine.export;

import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.error.ErrorCode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates a ledger from an export, keeping every block exactly as exported (so every block hash, digest and proof
 * made before the move still verifies), after verifying the whole export first. New commits chain onto the last
 * imported block. Accepts Amazon QLDB's exports: opaque {@code entriesHashList} entries and {@code {hash}}-only
 * system revisions are kept as given; tables are learned from {@code transactionInfo.documents} (QLDB's index
 * definitions are system data and are not in an export: create indexes again after importing).
 */
public final class JournalImporter {
    private static final int BATCH = 1_000;

    private JournalImporter() {
    }

    /**
     * Verifies the export (and, when given, that it folds to {@code digest}), writes its blocks as the journal of a
     * new ledger in {@code ledgerDirectory} (which must not exist or be empty), and opens that ledger. When writing
     * or opening fails, what was written is removed again, so a failed import leaves no half ledger behind.
     *
     * @throws LedgerException VERIFICATION_FAILED naming the first bad block (nothing is written);
     *                         INVALID_REQUEST when the export does not start at block 0 or the directory is in use;
     *                         what writing the journal or opening the ledger threw
     */
    public static Ledger importExport(ExportReader reader, LedgerDigest digest, Path ledgerDirectory,
                                      LedgerOptions options) {
        return importExport(reader, digest, ledgerDirectory, options, BlockProgress.NONE);
    }

    /**
     * As {@link #importExport(ExportReader, LedgerDigest, Path, LedgerOptions)}, telling {@code progress} of every
     * block verified ({@code verifying}), then of every block written ({@code writing}).
     */
    public static Ledger importExport(ExportReader reader, LedgerDigest digest, Path ledgerDirectory,
                                      LedgerOptions options, BlockProgress progress) {
        ExportVerifier.Verified verified = ExportVerifier.verify(reader, digest, progress);
        if (verified.firstSequenceNo() != 0) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "the export starts at block "
                    + verified.firstSequenceNo() + "; a ledger can only be imported from a whole journal (block 0 on)");
        }
        boolean existed = Files.exists(ledgerDirectory);
        requireEmpty(ledgerDirectory);
        try {
            try (Journal journal = Journal.open(ledgerDirectory.resolve("journal"),
                    new JournalOptions(options.journalSegmentSize()), -1)) {
                List<byte[]> batch = new ArrayList<>(BATCH);
                long[] written = {0};
                reader.forEachBlock(located -> {
                    batch.add(located.block().toIonBinary());
                    progress.blocks("writing", ++written[0], verified.blocks());
                    if (batch.size() == BATCH) {
                        journal.append(batch);
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) {
                    journal.append(batch);
                }
            }
            return Ledger.open(ledgerDirectory, options);
        } catch (RuntimeException e) {
            removeQuietly(ledgerDirectory, existed, e);
            throw e;
        }
    }

    /** Removes what a failed import wrote: the directory's contents, and the directory when the import made it. */
    private static void removeQuietly(Path ledgerDirectory, boolean keepDirectory, RuntimeException failure) {
        if (!Files.exists(ledgerDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(ledgerDirectory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!(keepDirectory && file.equals(ledgerDirectory))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void requireEmpty(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot import into " + directory
                        + ": it is not empty (an import always creates a new ledger)");
            }
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot read " + directory + ": " + e, e);
        }
    }
}
