package io.vellum.cli;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonSystemBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import io.vellum.proof.verify.BlockProof;
import io.vellum.engine.CommitResult;
import io.vellum.engine.Ledger;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.engine.Transaction;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.ErrorCode;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The shell's read–eval–print loop. Statements end with {@code ;} ({@link ShellInput}); each runs in its own
 * transaction unless {@code \begin} opened one. Backslash commands show the digest, blocks and revisions with their
 * proofs, and verify them (against the ledger's digest, or against a digest the user kept).
 *
 * <p>Everything written to {@code out} is Ion text: result values, and status lines as Ion comments ({@code // …}),
 * so piped output can be read by any Ion reader. Errors go to {@code err}. Not thread-safe.
 */
final class Shell {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String HELP = String.join("\n",
            "Statements end with ';' (PartiQL, as QLDB speaks it) and may span lines. Commands:",
            "  \\begin | \\commit | \\abort                 explicit transaction (otherwise each statement commits)",
            "  \\digest                                   the ledger digest and its tip address: keep both",
            "  \\revision SEQ DOCUMENT_ID [TIP [DIGEST]]   a document's revision written in block SEQ, its proof,",
            "                                            and the check that the proof folds its hash to the digest",
            "  \\block SEQ [TIP [DIGEST]]                  block SEQ, its proof and the same check",
            "  \\verify                                   verify the whole journal (CRCs, hashes, chain, digest)",
            "  \\help | \\quit | exit | quit               (Ctrl-D quits too); commands work on continuation lines",
            "SEQ is a block's sequenceNo: blockAddress.sequenceNo in _ql_committed_T or history(T) rows. Proofs lead to",
            "the current digest; with TIP to the digest at block TIP; with TIP and DIGEST (Base64, as \\digest printed",
            "it) they are checked against that digest you kept, which proves the revision was there, unchanged.");

    private final Ledger ledger;
    private final PrintStream out;
    private final PrintStream err;
    private Transaction open;
    private boolean failures;
    /** Where lines come from; statements are cancellable with Ctrl-C when these lines can take it over. */
    private ShellLines lines = prompt -> null;

    Shell(Ledger ledger, PrintStream out, PrintStream err) {
        this.ledger = ledger;
        this.out = out;
        this.err = err;
    }

    /** Runs until end of input or {@code \quit}; returns false when any statement or command failed. */
    boolean run(BufferedReader in, boolean interactive) throws IOException {
        return run(ShellLines.of(in, interactive ? out : null));
    }

    /**
     * Runs until end of input, {@code \quit}, {@code exit} or {@code quit}; returns false when any statement or
     * command failed. Ctrl-C ({@link ShellLines.Interrupted}) drops the statement being typed; on an empty line with
     * no statement pending it quits.
     */
    boolean run(ShellLines lines) throws IOException {
        this.lines = lines;
        ShellInput input = new ShellInput();
        boolean quit = false;
        while (!quit) {
            String line;
            try {
                line = lines.read(input.hasPending() ? "     -> " : open == null ? "vellum> " : "vellum(tx)> ");
            } catch (ShellLines.Interrupted interrupted) {
                if (!input.hasPending() && interrupted.partialLine().isBlank()) {
                    break;
                }
                input.reset();
                continue;
            }
            if (line == null) {
                ShellInput.Item last = input.finish();
                if (last != null) {
                    execute(last.text());
                }
                break;
            }
            for (ShellInput.Item item : input.feed(line)) {
                if (quit) {
                    break; // what follows \quit on its line is not run
                }
                if (item.command()) {
                    quit = !command(item.text());
                } else {
                    execute(item.text());
                }
            }
        }
        if (open != null) {
            // A script that forgot \commit did not do what it says: that is a failure, in the exit code too.
            err.println("error: " + (quit ? "\\quit" : "input ended") + " inside transaction " + open.id()
                    + " (no \\commit): aborted, nothing of it committed");
            failures = true;
            open.abort();
            open = null;
        }
        return !failures;
    }

    /** The ledger's active table names (for completion); empty when they cannot be read now. */
    List<String> tableNames() {
        try {
            return ledger.execute(transaction -> transaction.execute(
                    "SELECT VALUE name FROM information_schema.user_tables WHERE status = 'ACTIVE'")).stream()
                    .filter(value -> value instanceof com.amazon.ion.IonText)
                    .map(value -> ((com.amazon.ion.IonText) value).stringValue()).sorted().toList();
        } catch (LedgerException e) {
            return List.of();
        }
    }

    private void execute(String statement) {
        try {
            List<IonValue> values = run(statement);
            if (values == null) {
                return; // cancelled with Ctrl-C; already said so
            }
            for (IonValue value : values) {
                out.println(pretty(value));
            }
            out.println("// " + values.size() + (values.size() == 1 ? " document" : " documents"));
        } catch (LedgerException e) {
            error(e);
            if (open == null) {
                return;
            }
            if (e.code() == ErrorCode.OCC_CONFLICT || e.code() == ErrorCode.TRANSACTION_EXPIRED
                    || e.code() == ErrorCode.UNAVAILABLE) {
                out.println("// transaction " + open.id() + " was aborted (" + e.code()
                        + "): nothing of it committed; \\begin starts another");
                open.abort();
                open = null;
            } else {
                out.println("// transaction " + open.id() + " stays open without that statement: \\commit commits"
                        + " its other statements, \\abort drops them");
            }
        }
    }

    /**
     * Runs one statement; on a terminal on a worker thread, so that Ctrl-C cancels it ({@link CancellableStatement})
     * and the shell returns to its prompt. Returns its values, or null when Ctrl-C cancelled it.
     */
    private List<IonValue> run(String statement) {
        CancellableStatement run = new CancellableStatement();
        ShellLines.Interrupts interrupts = lines.onInterrupt(run::interrupt);
        if (interrupts == null) {
            return open != null ? open.execute(statement)
                    : ledger.execute(transaction -> transaction.execute(statement));
        }
        try (interrupts) {
            if (open != null) {
                run.startInTransaction(open, statement);
            } else {
                run.startInOwnTransaction(ledger, statement);
            }
            CancellableStatement.Outcome outcome = run.await();
            if (outcome == CancellableStatement.Outcome.FINISHED) {
                return run.values();
            }
            failures = true;
            if (outcome == CancellableStatement.Outcome.COMMIT_CONTINUES) {
                out.println("// Ctrl-C came after the statement's commit began: the commit completes in the"
                        + " background (\\digest shows the tip)");
            } else if (open != null) {
                out.println("// cancelled (Ctrl-C): transaction " + open.id() + " is aborted, nothing of it"
                        + " committed; \\begin starts another");
                open = null;
            } else {
                out.println("// cancelled (Ctrl-C): nothing of the statement was committed");
            }
            return null;
        }
    }

    /** Runs one command line; returns false for {@code \quit}. */
    private boolean command(String line) {
        String[] words = line.split("\\s+");
        try {
            switch (words[0]) {
                case "\\quit", "\\q" -> {
                    return false;
                }
                case "\\help", "\\h", "\\?" -> out.println(HELP);
                case "\\begin" -> begin();
                case "\\commit" -> commit();
                case "\\abort" -> abort();
                case "\\digest" -> digest();
                case "\\block" -> block(words);
                case "\\revision" -> revision(words);
                case "\\verify" -> {
                    requireArguments(words, 0, 0, "\\verify");
                    LedgerDigest digest;
                    // A long journal takes minutes: a progress line on a terminal's stderr, nothing when piped.
                    try (TerminalProgress progress = TerminalProgress.onStandardError()) {
                        digest = ledger.verifyJournal(progress);
                    }
                    out.println("// journal verified: blocks 0.." + digest.tipAddress().sequenceNo()
                            + " (CRC, block hashes, hash chain) fold to digest " + digest.digest());
                }
                default -> usage("unknown command " + words[0] + "; \\help lists the commands");
            }
        } catch (LedgerException e) {
            error(e);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            failures = true;
        }
        return true;
    }

    private void begin() {
        if (open != null) {
            usage("transaction " + open.id() + " is already open: \\commit or \\abort it first");
        }
        open = ledger.begin();
        out.println("// transaction " + open.id() + " started");
    }

    private void commit() {
        if (open == null) {
            usage("no transaction is open: \\begin starts one");
        }
        Transaction transaction = open;
        open = null; // committed or, on failure, aborted by the ledger: either way it is over
        CommitResult result = transaction.commit();
        out.println("// committed " + result.transactionId() + (result.blockAddress() == null
                ? " (read-only: no block)" : " in block " + result.blockAddress().toIonText())
                + ", commit digest " + result.commitDigest());
    }

    private void abort() {
        if (open == null) {
            usage("no transaction is open");
        }
        open.abort();
        out.println("// aborted " + open.id() + ": nothing of it committed");
        open = null;
    }

    private void digest() {
        LedgerDigest digest = ledger.digest();
        IonStruct value = ION.newEmptyStruct();
        value.put("digest").newBlob(digest.digest().toByteArray());
        value.put("digestTipAddress", ION.singleValue(digest.tipAddress().toIonText()));
        out.println(value);
    }

    private void block(String[] words) {
        requireArguments(words, 1, 3, "\\block SEQ [TIP [DIGEST]]");
        BlockAddress address = address(words[1], "SEQ");
        Target target = target(words, 2);
        BlockProof proof = ledger.block(address, target.tip());
        LedgerDigest against = target.against(ledger.digest(target.tip()));
        requireAsked("the block", address.toIonText(), proof.block().blockAddress().toIonText());
        proof.verify(against);
        // Shown only once verified, and exactly what was verified: this block, this proof, this digest.
        IonStruct value = ION.newEmptyStruct();
        value.put("block", proof.block().toIon(ION));
        value.put("proof", proofList(proof.proof()));
        out.println(pretty(value));
        out.println("// verified: block hash " + proof.block().blockHash() + " folds with " + proof.proof().size()
                + " proof hashes to digest " + against.digest() + " at " + against.tipAddress().toIonText()
                + (target.trusted() != null ? " (the digest given)" : ""));
    }

    private void revision(String[] words) {
        requireArguments(words, 2, 4, "\\revision SEQ DOCUMENT_ID [TIP [DIGEST]]");
        BlockAddress address = address(words[1], "SEQ");
        Target target = target(words, 3);
        RevisionProof proof = ledger.revision(address, words[2], target.tip());
        LedgerDigest against = target.against(ledger.digest(target.tip()));
        Revision revision = proof.revision();
        requireAsked("the document", words[2], revision.metadata().id());
        requireAsked("the revision's block", address.toIonText(), revision.blockAddress().toIonText());
        proof.verify(against);
        // Shown only once verified, and exactly what was verified: this revision (its data), proof and digest.
        IonStruct value = ION.newEmptyStruct();
        value.put("revision", revision.toIon(ION));
        value.put("proof", proofList(proof.proof()));
        out.println(pretty(value));
        out.println("// verified: revision hash " + revision.hash() + " (recomputed from its data and"
                + " metadata) folds with " + proof.proof().size() + " proof hashes to digest " + against.digest()
                + " at " + against.tipAddress().toIonText() + (target.trusted() != null ? " (the digest given)" : ""));
    }

    /** The ledger must answer with what was asked for: a proof of something else would verify something else. */
    private static void requireAsked(String what, String asked, String answered) {
        if (!asked.equals(answered)) {
            throw new VerificationException("the ledger must answer with " + what + " asked for", asked, answered);
        }
    }

    /** The digest a proof leads to: the tip, and the digest the user kept for it when given. */
    private record Target(BlockAddress tip, LedgerDigest trusted) {
        /** The digest to verify against: the one the user kept, else the ledger's at the tip asked for. */
        LedgerDigest against(LedgerDigest ledgers) {
            if (trusted != null) {
                return trusted;
            }
            if (!ledgers.tipAddress().equals(tip)) {
                throw new VerificationException("the ledger's digest must be at the tip asked for", tip.toIonText(),
                        ledgers.tipAddress().toIonText());
            }
            return ledgers;
        }
    }

    private Target target(String[] words, int tipIndex) {
        if (words.length <= tipIndex) {
            return new Target(ledger.digest().tipAddress(), null);
        }
        BlockAddress tip = address(words[tipIndex], "TIP");
        if (words.length <= tipIndex + 1) {
            return new Target(tip, null);
        }
        Hash digest;
        try {
            digest = Hash.fromBase64(words[tipIndex + 1]);
        } catch (IllegalArgumentException e) {
            digest = Hash.EMPTY;
        }
        if (digest.isEmpty()) {
            throw new UsageException("DIGEST must be a 32-byte digest in Base64 (44 characters), as \\digest"
                    + " prints it; got '" + words[tipIndex + 1] + "'");
        }
        return new Target(tip, new LedgerDigest(digest, tip));
    }

    private BlockAddress address(String word, String name) {
        long sequenceNo;
        try {
            sequenceNo = Long.parseLong(word);
        } catch (NumberFormatException e) {
            sequenceNo = -1;
        }
        if (sequenceNo < 0) {
            throw new UsageException(name + " must be a block sequence number from 0 to "
                    + ledger.digest().tipAddress().sequenceNo() + "; got '" + word + "'");
        }
        return new BlockAddress(ledger.strandId(), sequenceNo);
    }

    private static IonList proofList(List<Hash> proof) {
        IonList list = ION.newEmptyList();
        for (Hash hash : proof) {
            list.add().newBlob(hash.toByteArray());
        }
        return list;
    }

    private static void requireArguments(String[] words, int min, int max, String usage) {
        int given = words.length - 1;
        if (given < min || given > max) {
            throw new UsageException("usage: " + usage + " (" + given + " argument" + (given == 1 ? "" : "s")
                    + " given)");
        }
    }

    private static void usage(String message) {
        throw new UsageException(message);
    }

    private void error(LedgerException e) {
        err.println("error " + e.code() + ": " + e.getMessage());
        failures = true;
    }

    private static String pretty(IonValue value) {
        StringBuilder text = new StringBuilder();
        try (IonWriter writer = IonTextWriterBuilder.pretty().build(text)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString().trim();
    }

    /** A command used wrongly: the message says how to use it. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
