package io.vellum.cli;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vellum verify}: checks offline, with nothing but the saved API responses, that a revision or a block is
 * part of the ledger a digest describes (COMPATIBILITY.md §7). Works on responses of Amazon QLDB and of Vellum alike.
 *
 * <p>Accepted files, each one JSON object as the QLDB API and the AWS CLI print it:
 * <ul>
 *   <li>{@code --digest}: a GetDigest response, {@code {"Digest": "<base64>", "DigestTipAddress": {"IonText": …}}};</li>
 *   <li>{@code --revision}: a GetRevision response requested with a digest tip address,
 *       {@code {"Revision": {"IonText": …}, "Proof": {"IonText": …}}};</li>
 *   <li>{@code --block}: a GetBlock response requested with a digest tip address,
 *       {@code {"Block": {"IonText": …}, "Proof": {"IonText": …}}}.</li>
 * </ul>
 * Answers of Vellum's native API ({@code /v1/…}) and the wallet's Verify answer are accepted too: they carry these
 * QLDB shapes under {@code qldb.GetDigest}, {@code qldb.GetRevision} and {@code qldb.GetBlock}, beside readable JSON
 * copies ({@code revision}, {@code block}, {@code proof}, {@code digest}; the wallet's {@code accountId},
 * {@code balance}, {@code documentId}, {@code version}, {@code blockAddress}, {@code revisionHash}).
 *
 * <p>What is verified is exactly what is shown: the hash is recomputed from the Ion text copy, and every other copy
 * in the file must show the same values ({@link ReadableCopy}); a copy that differs, a member given twice, or a member
 * the answer's form does not have fails verification, naming the member and both values. The verified data is
 * printed. The block address is printed as the answer states it: QLDB's hashes do not cover it (the digest covering
 * its sequence number is checked).
 *
 * <p>Beyond QLDB (answers of Vellum's native API):
 * <ul>
 *   <li>{@code --extends NEW.json}: a consistency answer, {@code GET /v1/ledgers/{name}/consistency?from=TIP} saved
 *       with curl, where TIP is the tip sequence number of {@code --digest}: {@code {"ledger", "from": {"digest",
 *       "tipAddress"}, "to": {"digest", "tipAddress", "signature"}, "proof": […]}}. Its {@code from} must be the
 *       digest of {@code --digest}, and its proof must rebuild both digests (RFC 9162 with {@code dot}). A revision
 *       or block given too is checked against the newer digest (or the older one, when it was requested for that
 *       tip).</li>
 *   <li>{@code --public-key FILE_OR_BASE64}: the ledger's Ed25519 public key, pinned by you ({@code publicKey} of
 *       {@code GET /v1/ledgers/{name}/keys}, Base64, or a file holding it). The newest digest given (the
 *       {@code to} of {@code --extends}, else {@code --digest}) must carry a {@code signature} that verifies over
 *       (ledger, strand, tip, digest, signedAt); an older signed digest is checked too, an unsigned older one (e.g.
 *       QLDB's) is trusted as saved.</li>
 * </ul>
 * Each check prints what it verified; any failure stops with exit status 1.
 *
 * <p>Exit status: 0 verified; 1 not verified: a hash or the proof did not verify (expected and computed values
 * printed), or two copies of a value in a file disagree, a member is given twice, or a member is unknown (the member
 * and both values printed); 2 a file is missing or is not such a response.
 *
 * <p>A proof only shows that the revision is in the ledger the digest describes: the digest itself must come from a
 * source you trust, e.g. one you saved earlier or that a second party published.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify a revision or a block against a ledger digest, that a newer digest extends it, and "
                + "digest signatures, offline.",
                "Reads saved GetDigest and GetRevision/GetBlock responses (Amazon QLDB or Vellum, as the AWS CLI "
                        + "prints them), recomputes the revision or block hash from its contents and folds the "
                        + "proof up to the digest. Every other copy in a file (the readable JSON of Vellum's "
                        + "answers) must show the same values; the verified data is printed."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:verified", "1:verification failed, or two copies in a file disagree (both values are "
                + "printed)",
                "2:a file is unreadable or not a GetDigest/GetRevision/GetBlock/consistency answer, or --public-key "
                        + "is not an Ed25519 public key"})
public final class VerifyCommand implements Callable<Integer> {
    /** Exit status when a hash or proof does not verify. */
    public static final int NOT_VERIFIED = 1;
    /** Exit status when an input file cannot be used. */
    public static final int BAD_INPUT = 2;

    /** Every top-level member a digest file may have: a GetDigest answer's, or a revision or block answer's. */
    private static final Set<String> DIGEST_FILE = union(Set.of("Digest", "DigestTipAddress", "tipAddress", "ledger",
            "signature"), ProvenAnswer.NATIVE_REVISION, ProvenAnswer.NATIVE_BLOCK);

    @Option(names = "--digest", required = true, paramLabel = "DIGEST.json",
            description = "saved GetDigest response (the digest you trust)")
    Path digestFile;

    @Option(names = "--extends", paramLabel = "NEW.json",
            description = "saved consistency answer (GET /v1/ledgers/{name}/consistency?from=TIP): verify that its "
                    + "newer digest extends --digest")
    Path extendsFile;

    @Option(names = "--public-key", paramLabel = "FILE_OR_BASE64",
            description = "the ledger's pinned Ed25519 public key (Base64, or a file holding it): verify the "
                    + "signatures of the digests")
    String publicKey;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Subject subject;

    @Option(names = "--json", description = "print one JSON object instead of prose, for scripts")
    boolean json;

    /** The {@code --json} answer, filled as the checks pass (see {@link #call()}). */
    private final com.fasterxml.jackson.databind.node.ObjectNode result = JsonOutput.object();

    /** At most one of a revision and a block (with --extends and --public-key, at least one of the three is given). */
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

    /**
     * Runs the checks. With {@code --json} the prose goes nowhere and standard output gets one object:
     * {@code {"verified": true, "digest": {"digest", "tipAddress"}, "signaturesChecked": bool, "extends": {"digest",
     * "tipAddress"} or null, "revision": {"id", "version", "revisionHash", "data" (Ion text, null for a delete or
     * redaction), "blockAddress"} or null, "block": {"blockAddress", "blockHash", "transactionId", "revisions"} or
     * null, "proofHashes": N or null}}; not verified: {@code {"verified": false, "message", "expected", "computed"}}
     * (exit code 1); unusable input prints only the one-line error (exit code 2).
     */
    @Override
    public Integer call() {
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (subject == null && extendsFile == null && publicKey == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Give what to verify against "
                    + "--digest: --revision or --block, --extends, --public-key, or several of them");
        }
        try {
            SignedDigestChecks checks = new SignedDigestChecks(publicKey == null ? null
                    : SavedSignature.publicKey(publicKey), out);
            TrustedDigest older = readDigest(digestFile);
            checks.signature(digestFile, older.signed(), extendsFile == null);
            LedgerDigest digest = older.digest();
            if (extendsFile != null) {
                SavedConsistency consistency = SavedConsistency.read(extendsFile);
                checks.signature(extendsFile, consistency.signedTo(), true);
                checks.consistency(digestFile, older, consistency);
                digest = chooseDigest(older.digest(), consistency.to());
            }
            result.put("verified", true);
            result.set("digest", JsonOutput.digest(older.digest()));
            result.put("signaturesChecked", publicKey != null);
            result.set("extends", extendsFile == null ? null : JsonOutput.digest(digest));
            result.putNull("revision");
            result.putNull("block");
            result.putNull("proofHashes");
            if (subject != null && subject.revisionFile != null) {
                verifyRevision(subject.revisionFile, digest, out);
            } else if (subject != null) {
                verifyBlock(subject.blockFile, digest, out);
            }
            out.flush();
            if (json) {
                spec.commandLine().getOut().println(JsonOutput.text(result));
                spec.commandLine().getOut().flush();
            }
            return 0;
        } catch (VerificationException e) {
            if (json) {
                com.fasterxml.jackson.databind.node.ObjectNode failed = JsonOutput.object();
                failed.put("verified", false);
                failed.put("message", e.getMessage());
                failed.put("expected", e.expected() == null ? null : String.valueOf(e.expected()));
                failed.put("computed", e.computed() == null ? null : String.valueOf(e.computed()));
                spec.commandLine().getOut().println(JsonOutput.text(failed));
                spec.commandLine().getOut().flush();
            }
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
        } catch (UnusableInput | LedgerException e) {
            // LedgerException here is INVALID_REQUEST from parsing a revision, block or proof.
            err.println("Cannot verify: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }

    private void verifyRevision(Path file, LedgerDigest digest, PrintWriter out) {
        ProvenAnswer proven = ProvenAnswer.revision(SavedAnswer.read(file));
        Revision revision = Revision.fromIon(proven.hashed());
        IonStruct hashed = requireRepresented(file, "revision", proven.hashed(), revision.toIon(SavedAnswer.ION));
        Hash recomputed = revision.computeHash();
        Hash folded = Verifier.fold(recomputed, proven.proof());
        explainFoldMismatch(folded, digest);
        // The Verifier repeats these computations and throws with expected and computed values on any mismatch.
        Verifier.verifyRevision(revision, proven.proof(), digest);
        requireTrustedDigest(file, proven.digests(), digest);
        com.fasterxml.jackson.databind.node.ObjectNode node = result.putObject("revision");
        node.put("id", revision.metadata().id());
        node.put("version", revision.metadata().version());
        node.put("revisionHash", recomputed.toBase64());
        node.put("data", revision.data() == null ? null : revision.data().toString());
        node.set("blockAddress", JsonOutput.address(revision.blockAddress()));
        result.put("proofHashes", proven.proof().size());
        out.println("Verified revision {id:\"" + revision.metadata().id() + "\",version:" + revision.metadata().version()
                + "}");
        out.println("  data:            " + (revision.data() != null ? revision.data().toString()
                : revision.isRedacted() ? "redacted, dataHash " + revision.dataHash() : "none (a delete)"));
        out.println("  metadata:        " + hashed.get("metadata"));
        out.println("  revision hash:   " + recomputed + " (recomputed from metadata and "
                + (revision.isRedacted() ? "dataHash" : revision.isDelete() ? "no data" : "data")
                + "; equals the stored hash)");
        printFold(out, proven.proof(), folded, digest);
        out.println("  block address:   " + revision.blockAddress() + " (as the answer states it: no hash covers a "
                + "block address; the digest covers its sequenceNo)");
        printCompared(out, proven.compared());
    }

    private void verifyBlock(Path file, LedgerDigest digest, PrintWriter out) {
        ProvenAnswer proven = ProvenAnswer.block(SavedAnswer.read(file));
        JournalBlock block = JournalBlock.fromIon(proven.hashed());
        IonStruct hashed = requireRepresented(file, "block", proven.hashed(), block.toIon(SavedAnswer.ION));
        Hash folded = Verifier.fold(block.blockHash(), proven.proof());
        explainFoldMismatch(folded, digest);
        Verifier.verifyBlock(block, proven.proof(), digest);
        requireTrustedDigest(file, proven.digests(), digest);
        com.fasterxml.jackson.databind.node.ObjectNode node = result.putObject("block");
        node.set("blockAddress", JsonOutput.address(block.blockAddress()));
        node.put("blockHash", block.blockHash().toBase64());
        node.put("transactionId", block.transactionId());
        node.put("revisions", block.revisions().size());
        result.put("proofHashes", proven.proof().size());
        out.println("Verified block " + block.blockAddress() + " (transaction " + block.transactionId() + ", "
                + block.revisions().size() + " revision(s))");
        out.println("  block:           " + hashed);
        out.println("  block hash:      " + block.blockHash() + " (recomputed from entriesHash "
                + block.entriesHash() + " and previousBlockHash " + block.previousBlockHash() + ")");
        printFold(out, proven.proof(), folded, digest);
        out.println("  not hashed:      blockAddress, transactionId, blockTimestamp (as the answer states them; "
                + "the digest covers the block's sequenceNo)");
        printCompared(out, proven.compared());
    }

    /**
     * The value as the file states it must be the value the hashes are computed from (the record re-encoded): the
     * readers are strict, so this holds for every answer they accept; checked anyway, because the report prints the
     * re-encoded value and must print exactly what the file says and the hashes cover.
     */
    private static IonStruct requireRepresented(Path file, String what, IonValue stated, IonStruct hashed) {
        if (!stated.equals(hashed)) {
            throw VerificationException.disagreement(file + ": the " + what + " must be hashed exactly as stated",
                    "the file", ReadableCopy.show(stated), "the hashed " + what, ReadableCopy.show(hashed));
        }
        return hashed;
    }

    /** The digest the answer states (when it states one) must be the trusted digest the proof folded to. */
    private static void requireTrustedDigest(Path file, List<SavedAnswer.DigestCopy> digests, LedgerDigest trusted) {
        for (SavedAnswer.DigestCopy copy : digests) {
            if (!copy.digest().equals(trusted)) {
                throw VerificationException.disagreement(file + ": the digest the answer states must be the "
                        + "trusted digest", "--digest", trusted.digest() + " at tip " + trusted.tipAddress(),
                        copy.name(), copy.show());
            }
        }
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

    private static void printCompared(PrintWriter out, List<String> compared) {
        if (!compared.isEmpty()) {
            out.println("  copies agree:    " + String.join("; ", compared));
        }
    }

    /**
     * The digest in {@code file}: a GetDigest answer (QLDB's or the native API's), or the digest a native revision,
     * block or wallet Verify answer carries. Every copy of the digest in the file must agree.
     */
    /**
     * The digest a revision or block answer is checked against when --extends is given: the newer digest, unless the
     * answer was requested for the older tip. Which one it was is read from the answer; the fold then decides.
     */
    private LedgerDigest chooseDigest(LedgerDigest older, LedgerDigest newer) {
        Path file = subject == null ? null : subject.revisionFile != null ? subject.revisionFile : subject.blockFile;
        if (file == null) {
            return newer;
        }
        ProvenAnswer proven = subject.revisionFile != null ? ProvenAnswer.revision(SavedAnswer.read(file))
                : ProvenAnswer.block(SavedAnswer.read(file));
        for (SavedAnswer.DigestCopy copy : proven.digests()) {
            if (copy.digest().tipAddress().equals(older.tipAddress())) {
                return older;
            }
        }
        return newer;
    }

    /** A digest file's digest and, when it carries one, its signature. */
    record TrustedDigest(LedgerDigest digest, io.vellum.proof.signature.SignedDigest signed) {
    }

    private static TrustedDigest readDigest(Path file) {
        SavedAnswer answer = SavedAnswer.read(file);
        String form = "a GetDigest answer (or an answer that carries one)";
        Map<String, IonValue> members = answer.members(answer.top(), "the answer", form, DIGEST_FILE);
        IonStruct qldb = SavedAnswer.structMember(answer.top(), "qldb");
        Map<String, IonValue> qldbMembers = qldb == null ? Map.of()
                : answer.members(qldb, "qldb", form, Set.of("GetDigest", "GetRevision", "GetBlock"));
        List<SavedAnswer.DigestCopy> digests = answer.digests(members, qldbMembers, form);
        if (digests.isEmpty()) {
            throw new UnusableInput(file + " is not a GetDigest response: it has no \"Digest\" member (nor "
                    + "qldb.GetDigest.Digest, nor digest)");
        }
        LedgerDigest digest = digests.get(0).digest();
        return new TrustedDigest(digest, SavedSignature.read(answer, "the answer", members.get("ledger"),
                members.get("signature"), digest));
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> union = new HashSet<>();
        for (Set<String> set : sets) {
            union.addAll(set);
        }
        return Set.copyOf(union);
    }
}
