package io.vellum.cli;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.hash.VerificationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A saved GetRevision or GetBlock answer, read for {@code vellum verify} with every copy in it checked against the
 * hashed one: QLDB's form ({@code Revision}/{@code Block} and {@code Proof}, each {@code {"IonText"}}) or the native
 * form (QLDB's form under {@code qldb}, beside readable copies: {@code revision}/{@code block}, {@code proof},
 * {@code digest}, and the wallet Verify answer's {@code accountId}, {@code balance}, {@code documentId},
 * {@code version}, {@code blockAddress}, {@code revisionHash}, {@code verified}).
 *
 * @param hashed   the Ion value whose hash is verified (the Ion text of the revision or block)
 * @param proof    the proof, from {@code Proof.IonText}
 * @param digests  every digest the answer states (all equal)
 * @param compared which copies were found equal, for the report
 */
record ProvenAnswer(IonValue hashed, List<Hash> proof, List<SavedAnswer.DigestCopy> digests, List<String> compared) {
    private static final Set<String> QLDB_REVISION = Set.of("Revision", "Proof");
    private static final Set<String> QLDB_BLOCK = Set.of("Block", "Proof");
    /** The wallet's readable members of a Verify answer, and where the hashed revision holds each one. */
    private static final Map<String, String> WALLET_MEMBERS = walletMembers();
    static final Set<String> NATIVE_REVISION = VerifyCommand.union(Set.of("revision", "proof", "digest", "qldb"),
            WALLET_MEMBERS.keySet(), Set.of("verified"));
    static final Set<String> NATIVE_BLOCK = Set.of("block", "proof", "digest", "qldb");

    /** A GetRevision answer. */
    static ProvenAnswer revision(SavedAnswer answer) {
        return read(answer, "GetRevision", "Revision", "revision", QLDB_REVISION, NATIVE_REVISION);
    }

    /** A GetBlock answer. */
    static ProvenAnswer block(SavedAnswer answer) {
        return read(answer, "GetBlock", "Block", "block", QLDB_BLOCK, NATIVE_BLOCK);
    }

    /**
     * The hashed Ion value and proof of a GetRevision ({@code member} Revision) or GetBlock (Block) answer in QLDB's
     * form, or in the native form with readable copies, after checking every copy in the file against them.
     */
    private static ProvenAnswer read(SavedAnswer answer, String operation, String member, String readable,
                                     Set<String> qldbForm, Set<String> nativeForm) {
        Path file = answer.file();
        IonStruct top = answer.top();
        String form = "a " + operation + " answer";
        IonStruct qldb = SavedAnswer.structMember(top, "qldb");
        if (top.containsKey(member)) {
            Map<String, IonValue> members = answer.members(top, "the answer", form, qldbForm);
            IonValue hashed = answer.ionValue(members.get(member), member, form);
            return new ProvenAnswer(hashed, proof(answer, members, "", operation, form), List.of(), List.of());
        }
        if (qldb == null || SavedAnswer.structMember(qldb, operation) == null) {
            throw new UnusableInput(file + " is not a " + operation + " response: it has no \"" + member
                    + "\" member (nor qldb." + operation + "." + member + ")");
        }
        Map<String, IonValue> members = answer.members(top, "the answer", form, nativeForm);
        Map<String, IonValue> qldbMembers = answer.members(qldb, "qldb", form, Set.of(operation, "GetDigest"));
        Map<String, IonValue> shapes = answer.members((IonStruct) qldbMembers.get(operation), "qldb." + operation,
                form, qldbForm);
        String prefix = "qldb." + operation + ".";
        if (!shapes.containsKey(member)) {
            throw new UnusableInput(file + ": qldb." + operation + " has no " + member);
        }
        IonValue hashed = answer.ionValue(shapes.get(member), prefix + member, form);
        List<Hash> proof = proof(answer, shapes, prefix, operation, form);
        List<String> compared = new ArrayList<>();
        String hashedName = prefix + member + ".IonText";
        if (members.containsKey(readable)) {
            ReadableCopy.requireSame(file + ": " + readable, hashedName, hashed, "the readable copy " + readable,
                    members.get(readable));
            compared.add(readable + " = " + hashedName);
        }
        if (members.containsKey("proof")) {
            String proofName = prefix + "Proof.IonText";
            ReadableCopy.requireSame(file + ": proof", proofName, answer.ionValue(shapes.get("Proof"), prefix + "Proof", form),
                    "the readable copy proof", members.get("proof"));
            compared.add("proof = " + proofName);
        }
        for (Map.Entry<String, String> walletMember : WALLET_MEMBERS.entrySet()) {
            String name = walletMember.getKey();
            if (members.containsKey(name)) {
                String path = walletMember.getValue();
                ReadableCopy.requireSame(file + ": " + name, hashedName + " " + path, hashedField(file, hashed, path, name),
                        "the readable copy " + name, members.get(name));
                compared.add(name + " = " + path);
            }
        }
        if (members.containsKey("verified")) {
            answer.requireVerifiedTrue(members.get("verified"));
        }
        List<SavedAnswer.DigestCopy> digests = answer.digests(members, qldbMembers, form);
        if (digests.size() > 1) {
            compared.add(String.join(" = ", digests.stream().map(SavedAnswer.DigestCopy::name).toList()));
        }
        return new ProvenAnswer(hashed, proof, digests, compared);
    }

    private static List<Hash> proof(SavedAnswer answer, Map<String, IonValue> members, String prefix,
                                    String operation, String form) {
        if (!members.containsKey("Proof")) {
            throw new UnusableInput(answer.file() + ": the " + operation + " response has no " + prefix + "Proof; "
                    + "request it with a digest tip address (aws qldb ... --digest-tip-address, or DigestTipAddress "
                    + "in the request)");
        }
        return ProofText.parse(answer.ionText(members.get("Proof"), prefix + "Proof", form));
    }

    /** The value at {@code path} (dot-separated field names) of the hashed struct; it must be there exactly once. */
    private static IonValue hashedField(Path file, IonValue hashed, String path, String shownAs) {
        IonValue value = hashed;
        for (String name : path.split("\\.")) {
            List<IonValue> found = new ArrayList<>();
            if (value instanceof IonStruct struct && !value.isNullValue()) {
                for (IonValue field : struct) {
                    if (name.equals(field.getFieldName())) {
                        found.add(field);
                    }
                }
            }
            if (found.size() != 1) {
                throw new VerificationException(file + ": the answer shows " + shownAs + ", so the hashed revision "
                        + "must hold " + path + " exactly once", "1 " + path, found.size() + " " + path);
            }
            value = found.get(0);
        }
        return value;
    }

    private static Map<String, String> walletMembers() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("accountId", "data.accountId");
        members.put("balance", "data.balance");
        members.put("documentId", "metadata.id");
        members.put("version", "metadata.version");
        members.put("blockAddress", "blockAddress");
        members.put("revisionHash", "hash");
        return java.util.Collections.unmodifiableMap(members);
    }
}
