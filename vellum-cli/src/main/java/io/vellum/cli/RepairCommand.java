package io.vellum.cli;

import io.vellum.engine.journal.Journal;
import io.vellum.engine.journal.JournalAccess;
import io.vellum.engine.journal.JournalOptions;
import io.vellum.engine.journal.TailCut;
import io.vellum.engine.store.StateStore;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vellum repair}: the one command that removes bytes from a journal, and only at its end, after saying
 * exactly what. Offline (the ledger must not be open in a running server: the journal is locked).
 *
 * <p>What it can remove: a torn tail (the file ends inside a record: an append a crash cut short, never
 * acknowledged; a writable open removes it too) or a damaged tail (complete records at the very end that fail their
 * CRC32C or sequenceNo check: these may have been acknowledged, so opening refuses them and only this command, told
 * {@code --yes}, removes them). Never a block the state store has applied: that block was certainly acknowledged,
 * and removing it would fork the ledger for anyone holding a digest that covers it. Damage in the middle of the
 * journal is reported, never removed. The bytes are first copied to a quarantine file beside the segments
 * ({@code <journal>/<segment file name>.<offset>.quarantine}, owner-only).
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Remove a torn or damaged tail from a ledger's journal, offline, after saying exactly what is "
                + "removed (blocks, bytes, the quarantine file that keeps them). Without --yes, only prints what it "
                + "would do."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:nothing to repair, or repaired",
                "1:damage that repair must not remove (printed): in the middle of the journal, or blocks the state "
                        + "store already applied",
                "2:bad arguments (no such ledger) or the journal is in use",
                "3:a repair is possible; run again with --yes to do it"})
final class RepairCommand implements Callable<Integer> {
    static final int CANNOT_REPAIR = 1;
    static final int BAD_ARGUMENTS = 2;
    static final int REPAIR_PENDING = 3;

    @Mixin
    LedgerLocation location;

    @Option(names = "--yes", description = "really remove what is printed (default: print only)")
    boolean yes;

    @Option(names = "--json", description = "print one JSON object instead of prose, for scripts")
    boolean json;

    /**
     * The {@code --json} answer: {@code {"journal", "outcome": "intact" | "pending" | "repaired" | "refused",
     * "tail": null | {"kind": "TORN" | "DAMAGED", "segment", "offset", "length", "firstSequenceNo", "reason",
     * "quarantineFile"}, "appliedThrough": N (-1 for none), "journalEndsAt": N (after a repair, else null)}}.
     * Refusals also print their one-line reason on standard error; unusable arguments print only that.
     */
    private final com.fasterxml.jackson.databind.node.ObjectNode result = JsonOutput.object();

    @Override
    public Integer call() {
        // Standard output and error, as the other offline commands (export, verify-export) print.
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Path journalDirectory = location.directory().resolve("journal");
        if (!Files.isDirectory(journalDirectory)) {
            err.println("error: there is no ledger '" + location.ledger + "' in " + location.data + " (no "
                    + journalDirectory + ")");
            err.flush();
            return BAD_ARGUMENTS;
        }
        // One process per data directory: a server or shell holding it may be appending to this journal.
        try (DataDirectoryLock lock = location.lock()) {
            long applied = appliedByStateStore();
            result.put("journal", journalDirectory.toAbsolutePath().normalize().toString());
            result.putNull("outcome");
            result.putNull("tail");
            result.put("appliedThrough", applied);
            result.putNull("journalEndsAt");
            Optional<TailCut> found;
            try (Journal journal = Journal.open(journalDirectory, JournalOptions.defaults(), -1,
                    JournalAccess.REPAIR_DRY_RUN)) {
                found = journal.tailCut();
            }
            if (found.isEmpty()) {
                out.println("journal " + journalDirectory + " ends with a complete, intact record: nothing to repair");
                out.flush();
                return answer("intact", 0);
            }
            TailCut tail = found.get();
            com.fasterxml.jackson.databind.node.ObjectNode node = result.putObject("tail");
            node.put("kind", tail.kind().name());
            node.put("segment", tail.segmentFileName());
            node.put("offset", tail.offset());
            node.put("length", tail.length());
            node.put("firstSequenceNo", tail.firstSequenceNo());
            node.put("reason", tail.reason());
            node.put("quarantineFile", tail.quarantineFile().toString());
            Path segment = journalDirectory.resolve(tail.segmentFileName());
            out.println("found: " + tail.describe());
            if (tail.firstSequenceNo() <= applied) {
                err.println("cannot repair: block " + tail.firstSequenceNo() + " is applied to the state store "
                        + "(blocks 0.." + applied + "), so it was acknowledged; removing it would fork the ledger "
                        + "for anyone holding a digest that covers it. Restore the journal from a backup or an "
                        + "export instead. Nothing was changed.");
                err.flush();
                return answer("refused", CANNOT_REPAIR);
            }
            String what = "block " + tail.firstSequenceNo() + (tail.kind() == TailCut.Kind.TORN
                    ? " (torn: never acknowledged)" : " and anything after it (complete but damaged: it may have "
                    + "been acknowledged, but the state store never applied it)") + ", " + tail.length()
                    + " bytes at byte offsets " + tail.offset() + ".." + (tail.offset() + tail.length() - 1) + " of "
                    + segment;
            if (!yes) {
                out.println("repair would remove " + what + ", keeping the bytes in " + tail.quarantineFile());
                out.println("nothing was changed; run again with --yes to do it");
                out.flush();
                return answer("pending", REPAIR_PENDING);
            }
            try (Journal journal = Journal.open(journalDirectory, JournalOptions.defaults(), applied,
                    JournalAccess.REPAIR)) {
                TailCut cut = journal.tailCut().orElseThrow();
                out.println("removed " + what + "; the bytes are kept in " + cut.quarantineFile());
                out.println("the journal now ends at block " + (journal.nextSequenceNo() - 1));
                result.put("journalEndsAt", journal.nextSequenceNo() - 1);
            }
            out.flush();
            return answer("repaired", 0);
        } catch (LedgerException e) {
            err.println("cannot repair: " + e.getMessage());
            err.println("repair removes only a tail at the very end of the journal; nothing was changed");
            err.flush();
            return e.code() == io.vellum.error.ErrorCode.UNAVAILABLE ? BAD_ARGUMENTS : CANNOT_REPAIR;
        }
    }

    /** With {@code --json}, prints the answer with its outcome; returns the exit code. */
    private int answer(String outcome, int exitCode) {
        if (json) {
            result.put("outcome", outcome);
            System.out.println(JsonOutput.text(result));
        }
        return exitCode;
    }

    /** The last block the state store applied (-1 for none or no store): repair never removes it or anything before. */
    private long appliedByStateStore() {
        Path state = location.directory().resolve("state");
        if (!Files.isDirectory(state)) {
            return -1;
        }
        try (StateStore store = StateStore.open(state)) {
            return store.lastAppliedSequenceNo();
        }
    }
}
