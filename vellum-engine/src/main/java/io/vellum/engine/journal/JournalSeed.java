package io.vellum.engine.journal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a journal from a block received from elsewhere (a replicated ledger's block 0), so that a node joining a
 * cluster adopts the cluster's ledger rather than creating one of its own.
 */
public final class JournalSeed {
    private JournalSeed() {
    }

    /** Whether {@code journalDirectory} is absent, or holds no segment with a record. */
    public static boolean isEmpty(Path journalDirectory) {
        if (!Files.isDirectory(journalDirectory)) {
            return true;
        }
        try (Stream<Path> files = Files.list(journalDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".seg") && Files.size(file) > SegmentHeader.SIZE) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot list journal " + journalDirectory + ": " + e, e);
        }
    }

    /** Creates the journal in {@code journalDirectory} with {@code firstPayload} as record 0, forced. */
    public static void seed(Path journalDirectory, JournalOptions options, byte[] firstPayload) {
        try (Journal journal = Journal.open(journalDirectory, options, -1)) {
            if (journal.nextSequenceNo() != 0) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "journal " + journalDirectory
                        + " holds records already; only an empty journal can be seeded");
            }
            journal.append(List.of(firstPayload));
        }
    }
}
