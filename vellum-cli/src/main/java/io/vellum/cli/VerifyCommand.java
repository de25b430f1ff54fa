package io.vellum.cli;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonException;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.Hash;
import io.vellum.proof.JournalBlock;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import io.vellum.proof.ProofText;
import io.vellum.proof.Revision;
import io.vellum.proof.VerificationException;
import io.vellum.proof.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vellum verify}: checks offline, with nothing but the saved API responses, that a revision or a block is
 * part of the ledger a digest describes (SPEC §4.6). Works on responses of Amazon QLDB and of Vellum alike.
 *
 * <p>Accepted files, each one JSON object as the QLDB API and the AWS CLI print it:
 * <ul>
 *   <li>{@code --digest}: a GetDigest response, {@code {"Digest": "<base64>", "DigestTipAddress": {"IonText": …}}};</li>
 *   <li>{@code --revision}: a GetRevision response requested with a digest tip address,
 *       {@code {"Revision": {"IonText": …}, "Proof": {"IonText": …}}};</li>
 *   <li>{@code --block}: a GetBlock response requested with a digest tip address,
 *       {@code {"Block": {"IonText": …}, "Proof": {"IonText": …}}}.</li>
 * </ul>
 * Responses of Vellum's native API ({@code /v1/…}) are accepted too: they carry these QLDB shapes under
 * {@code qldb.GetDigest}, {@code qldb.GetRevision} and {@code qldb.GetBlock}.
 *
 * <p>Exit status: 0 verified; 1 a hash or the proof did not verify (expected and computed values printed);
 * 2 a file is missing or is not such a response.
 *
 * <p>A proof only shows that the revision is in the ledger the digest describes: the digest itself must come from a
 * source you trust, e.g. one you saved earlier or that a second party published.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a revision or a block against a ledger digest, offline.",
                "Reads saved GetDigest and GetRevision/GetBlock responses (Amazon QLDB or Vellum, as the AWS CLI "
                        + "prints them), recomputes the revision or block hash from its contents and folds the "
                        + "proof up to the digest."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:verified", "1:verification failed (expected and computed values are printed)",
                "2:a file is unreadable or not a GetDigest/GetRevision/GetBlock response"})
public final class VerifyCommand implements Callable<Integer> {
    /** Exit status when a hash or proof does not verify. */
    public static final int NOT_VERIFIED = 1;
    /** Exit status when an input file cannot be used. */
    public static final int BAD_INPUT = 2;

    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Option(names = "--digest", required = true, paramLabel = "DIGEST.json",
            description = "saved GetDigest response (the digest you trust)")
    Path digestFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    /** Exactly one of the two things that can be verified. */
    static final class Subject {
        @Option(names = "--revision", required = true, paramLabel = "REVISION.json",
                description = "saved GetRevision response, requested with --digest-tip-address")
        Path revisionFile;

        @Option(names = "--block", required = true, paramLabel = "BLOCK.json",
                description = "saved GetBlock response, requested with --digest-tip-address")
        Path blockFile;
    }

    @Spec
    CommandSpec spec;

    /** Why the proof may not fold although the contents check out; printed with a failure. */
    private String hint;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LedgerDigest digest = readDigest(digestFile);
            if (subject.revisionFile != null) {
                verifyRevision(subject.revisionFile, digest, out);
            } else {
                verifyBlock(subject.blockFile, digest, out);
            }
            out.flush();
            return 0;
        } catch (VerificationException e) {
            err.println("NOT VERIFIED: " + e.getMessage());
            if (e.expected() != null) {
                err.println("  expected: " + e.expected());
                err.println("  computed: " + e.computed());
            }
            if (hint != null) {
                err.println(hint);
            }
            err.flush();
            return NOT_VERIFIED;
        } catch (InputException | LedgerException e) {
            // LedgerException here is INVALID_REQUEST from parsing a revision, block or proof.
            err.println("Cannot verify: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }

    private void verifyRevision(Path file, LedgerDigest digest, PrintWriter out) {
        IonStruct response = response(file, "GetRevision", "Revision");
        Revision revision = Revision.fromIon(ionText(file, response, "Revision"));
        List<Hash> proof = proof(file, response, "GetRevision");
        Hash recomputed = revision.computeHash();
        Hash folded = Verifier.fold(recomputed, proof);
        explainFoldMismatch(folded, digest);
        // The Verifier repeats these computations and throws with expected and computed values on any mismatch.
        Verifier.verifyRevision(revision, proof, digest);
        out.println("Verified revision {id:\"" + revision.metadata().id() + "\",version:" + revision.metadata().version()
                + "} in block " + revision.blockAddress());
        out.println("  revision hash:   " + recomputed + " (recomputed from metadata and "
                + (revision.isRedacted() ? "dataHash, redacted" : revision.isDelete() ? "no data, a delete" : "data")
                + "; equals the stored hash)");
        printFold(out, proof, folded, digest);
    }

    private void verifyBlock(Path file, LedgerDigest digest, PrintWriter out) {
        IonStruct response = response(file, "GetBlock", "Block");
        JournalBlock block = JournalBlock.fromIon(ionText(file, response, "Block"));
        List<Hash> proof = proof(file, response, "GetBlock");
        explainFoldMismatch(Verifier.fold(block.blockHash(), proof), digest);
        Verifier.verifyBlock(block, proof, digest);
        out.println("Verified block " + block.blockAddress() + " (transaction " + block.transactionId() + ", "
                + block.revisions().size() + " revision(s))");
        out.println("  block hash:      " + block.blockHash() + " (recomputed from entriesHash "
                + block.entriesHash() + " and previousBlockHash " + block.previousBlockHash() + ")");
        printFold(out, proof, Verifier.fold(block.blockHash(), proof), digest);
    }

    /** The usual cause of a proof that folds to another digest: it was requested for another tip. */
    private void explainFoldMismatch(Hash folded, LedgerDigest digest) {
        if (!folded.equals(digest.digest())) {
            hint = "  (a proof folds to the digest of the tip it was requested for: request it with this digest's "
                    + "tip, DigestTipAddress " + digest.tipAddress() + ", or give the digest of its tip)";
        }
    }

    private static void printFold(PrintWriter out, List<Hash> proof, Hash folded, LedgerDigest digest) {
        out.println("  proof:           " + proof.size() + " hashes, folded with dot: " + folded);
        out.println("  digest:          " + digest.digest() + " at tip " + digest.tipAddress());
    }

    private static LedgerDigest readDigest(Path file) {
        IonStruct response = response(file, "GetDigest", "Digest");
        String digest = text(file, response, "Digest");
        Hash hash;
        try {
            hash = Hash.fromBase64(digest);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": Digest " + e.getMessage());
        }
        if (hash.isEmpty()) {
            throw new InputException(file + ": Digest is empty");
        }
        String tipText = ionTextString(file, response, "DigestTipAddress");
        try {
            return new LedgerDigest(hash, BlockAddress.parseIonText(tipText));
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": DigestTipAddress " + e.getMessage());
        }
    }

    /**
     * The QLDB response in {@code file}: the top-level object when it has {@code member}, else the object under
     * {@code qldb.<operation>} (Vellum's native API).
     */
    private static IonStruct response(Path file, String operation, String member) {
        IonStruct top = readObject(file);
        if (top.containsKey(member)) {
            return top;
        }
        if (top.get("qldb") instanceof IonStruct qldb && qldb.get(operation) instanceof IonStruct nested
                && nested.containsKey(member)) {
            return nested;
        }
        throw new InputException(file + " is not a " + operation + " response: it has no \"" + member
                + "\" member (nor qldb." + operation + "." + member + ")");
    }

    private static IonStruct readObject(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e);
        }
        IonDatagram values;
        try {
            // JSON is Ion text; reading it with Ion keeps one parser for the file and the IonText inside it.
            values = ION.getLoader().load(content);
        } catch (IonException e) {
            throw new InputException(file + " is not JSON: " + e.getMessage());
        }
        if (values.size() != 1 || values.get(0).getType() != IonType.STRUCT || values.get(0).isNullValue()) {
            throw new InputException(file + " must hold exactly one JSON object");
        }
        return (IonStruct) values.get(0);
    }

    private static List<Hash> proof(Path file, IonStruct response, String operation) {
        if (!response.containsKey("Proof")) {
            throw new InputException(file + ": the " + operation + " response has no Proof; request it with a "
                    + "digest tip address (aws qldb ... --digest-tip-address, or DigestTipAddress in the request)");
        }
        return ProofText.parse(ionTextString(file, response, "Proof"));
    }

    /** The single Ion value in {@code response.<member>.IonText}. */
    private static IonValue ionText(Path file, IonStruct response, String member) {
        String text = ionTextString(file, response, member);
        try {
            return ION.singleValue(text);
        } catch (IonException e) {
            throw new InputException(file + ": " + member + ".IonText is not one Ion value: " + e.getMessage());
        }
    }

    private static String ionTextString(Path file, IonStruct response, String member) {
        if (!(response.get(member) instanceof IonStruct holder)) {
            throw new InputException(file + ": " + member + " must be an object {\"IonText\": \"…\"}");
        }
        return text(file, holder, "IonText", member + ".IonText");
    }

    private static String text(Path file, IonStruct struct, String field) {
        return text(file, struct, field, field);
    }

    private static String text(Path file, IonStruct struct, String field, String path) {
        if (!(struct.get(field) instanceof IonText text) || text.isNullValue()) {
            throw new InputException(file + ": " + path + " must be a string");
        }
        return text.stringValue();
    }

    /** An input file that cannot be used; the message names the file and what is wrong. */
    private static final class InputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }
}
