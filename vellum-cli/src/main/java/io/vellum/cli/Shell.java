package io.vellum.cli;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonSystemBuilder;
import com.amazon.ion.system.IonTextWriterBuilder;
import io.vellum.engine.BlockProof;
import io.vellum.engine.Ledger;
import io.vellum.engine.RevisionProof;
import io.vellum.engine.Transaction;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.ProofText;
import io.vellum.proof.Verifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The shell's read–eval–print loop. Statements end with {@code ;} (and may span lines); each runs in its own
 * transaction unless {@code \begin} opened one. Backslash commands show digests and proofs and verify them.
 * Not thread-safe.
 */
final class Shell {
    private static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String HELP = String.join("\n",
            "Statements end with ';' (PartiQL, as QLDB speaks it). Commands:",
            "  \\begin | \\commit | \\abort        explicit transaction (otherwise each statement commits)",
            "  \\digest                          the ledger digest and its tip address",
            "  \\block SEQ                       block SEQ with its proof to the current digest, verified",
            "  \\revision SEQ DOCUMENT_ID        a document's revision in block SEQ with its proof, verified",
            "  \\verify                          verify the whole journal (CRCs, hashes, chain, digest)",
            "  \\help | \\quit");

    private final Ledger ledger;
    private final PrintStream out;
    private Transaction open;
    private boolean failures;

    Shell(Ledger ledger, PrintStream out) {
        this.ledger = ledger;
        this.out = out;
    }

    /** Runs until end of input or {@code \quit}; returns false when any statement or command failed. */
    boolean run(BufferedReader in, boolean interactive) throws IOException {
        StringBuilder statement = new StringBuilder();
        while (true) {
            if (interactive) {
                out.print(statement.length() == 0 ? (open == null ? "vellum> " : "vellum(tx)> ") : "     -> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                break;
            }
            String trimmed = line.trim();
            if (statement.length() == 0 && trimmed.startsWith("\\")) {
                if (!command(trimmed)) {
                    break;
                }
                continue;
            }
            if (trimmed.isEmpty() && statement.length() == 0) {
                continue;
            }
            statement.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String text = statement.toString().trim();
                statement.setLength(0);
                execute(text.substring(0, text.length() - 1));
            }
        }
        if (statement.toString().trim().length() > 0) {
            execute(statement.toString().trim());
        }
        if (open != null) {
            out.println("-- input ended inside a transaction: aborted");
            open.abort();
        }
        return !failures;
    }

    private void execute(String statement) {
        try {
            List<IonValue> values;
            if (open != null) {
                values = open.execute(statement);
            } else {
                values = ledger.execute(transaction -> transaction.execute(statement));
            }
            for (IonValue value : values) {
                out.println(pretty(value));
            }
            out.println("-- " + values.size() + (values.size() == 1 ? " document" : " documents"));
        } catch (LedgerException e) {
            error(e);
        }
    }

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
                case "\\digest" -> printDigest(ledger.digest());
                case "\\block" -> block(words);
                case "\\revision" -> revision(words);
                case "\\verify" -> {
                    LedgerDigest digest = ledger.verifyJournal();
                    out.println("journal verified: blocks 0.." + digest.tipAddress().sequenceNo()
                            + " (CRC, block hashes, hash chain) fold to digest " + digest.digest());
                }
                default -> {
                    out.println("unknown command " + words[0] + "; \\help lists them");
                    failures = true;
                }
            }
        } catch (LedgerException e) {
            error(e);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            failures = true;
        }
        return true;
    }

    private void begin() {
        if (open != null) {
            out.println("error: a transaction is already open (" + open.id() + ")");
            failures = true;
            return;
        }
        open = ledger.begin();
        out.println("-- transaction " + open.id() + " started");
    }

    private void commit() {
        if (open == null) {
            out.println("error: no open transaction");
            failures = true;
            return;
        }
        Transaction transaction = open;
        open = null;
        var result = transaction.commit();
        out.println("-- committed " + result.transactionId() + (result.blockAddress() == null
                ? " (read-only: no block)" : " in block " + result.blockAddress().toIonText())
                + ", commit digest " + result.commitDigest());
    }

    private void abort() {
        if (open != null) {
            open.abort();
            out.println("-- aborted " + open.id());
            open = null;
        }
    }

    private void block(String[] words) {
        require(words, 2, "\\block SEQ");
        LedgerDigest digest = ledger.digest();
        BlockProof proof = ledger.block(new BlockAddress(ledger.strandId(), Long.parseLong(words[1])),
                digest.tipAddress());
        out.println(pretty(proof.block().toIon(ION)));
        out.println("proof: " + ProofText.format(proof.proof()));
        Verifier.verifyBlock(proof.block(), proof.proof(), proof.digest());
        out.println("-- verified: block hash " + proof.block().blockHash() + " folds to digest "
                + proof.digest().digest() + " at " + proof.digest().tipAddress().toIonText());
    }

    private void revision(String[] words) {
        require(words, 3, "\\revision SEQ DOCUMENT_ID");
        LedgerDigest digest = ledger.digest();
        RevisionProof proof = ledger.revision(new BlockAddress(ledger.strandId(), Long.parseLong(words[1])),
                words[2], digest.tipAddress());
        out.println(pretty(proof.revision().toIon(ION)));
        out.println("proof: " + ProofText.format(proof.proof()));
        Verifier.verifyRevision(proof.revision(), proof.proof(), proof.digest());
        out.println("-- verified: revision hash " + proof.revision().hash() + " folds to digest "
                + proof.digest().digest() + " at " + proof.digest().tipAddress().toIonText());
    }

    private static void require(String[] words, int count, String usage) {
        if (words.length != count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private void printDigest(LedgerDigest digest) {
        out.println("{digest: {{" + digest.digest().toBase64() + "}}, digestTipAddress: "
                + digest.tipAddress().toIonText() + "}");
    }

    private void error(LedgerException e) {
        out.println("error " + e.code() + ": " + e.getMessage());
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
}
