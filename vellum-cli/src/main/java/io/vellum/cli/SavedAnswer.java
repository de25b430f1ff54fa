package io.vellum.cli;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonException;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonType;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.hash.VerificationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One saved answer file for {@code vellum verify}, read so that nothing in it escapes the check: a member the
 * answer's form does not have (an unknown copy) or a member given twice (a second copy that could say something
 * else) fails verification, and every copy of the digest in the file must agree. Missing or malformed members are
 * {@link UnusableInput}.
 */
final class SavedAnswer {
    static final IonSystem ION = IonSystemBuilder.standard().build();

    /** A digest as one named member of the file states it. */
    record DigestCopy(String name, LedgerDigest digest) {
        String show() {
            return digest.digest() + " at tip " + digest.tipAddress();
        }
    }

    private final Path file;
    private final IonStruct top;

    private SavedAnswer(Path file, IonStruct top) {
        this.file = file;
        this.top = top;
    }

    static SavedAnswer read(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnusableInput("cannot read " + file + ": " + e);
        }
        try {
            return new SavedAnswer(file, SavedJson.parseObject(ION, content));
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(file + " is not JSON: " + e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    IonStruct top() {
        return top;
    }

    /** The struct member {@code name} of {@code struct}, when it is one; else null. */
    static IonStruct structMember(IonStruct struct, String name) {
        return struct.get(name) instanceof IonStruct nested && !nested.isNullValue() ? nested : null;
    }

    /**
     * The members of {@code struct} (at {@code where} in the file) by name, in order.
     *
     * @throws VerificationException when a member is not in {@code allowed} or appears more than once
     */
    Map<String, IonValue> members(IonStruct struct, String where, String form, Set<String> allowed) {
        Map<String, IonValue> members = new LinkedHashMap<>();
        for (IonValue member : struct) {
            String name = member.getFieldName();
            if (!allowed.contains(name)) {
                throw VerificationException.disagreement(file + ": " + where + " has a member \"" + name + "\" that "
                        + form + " does not have; an unknown copy cannot be checked against what is verified",
                        form, "only " + new TreeSet<>(allowed), "the file", "\"" + name + "\"");
            }
            if (members.put(name, member) != null) {
                throw VerificationException.disagreement(file + ": " + where + " has the member \"" + name
                        + "\" more than once; only one copy can be the one verified", form, "1 copy", "the file",
                        count(struct, name) + " copies");
            }
        }
        return members;
    }

    private static int count(IonStruct struct, String name) {
        int count = 0;
        for (IonValue member : struct) {
            count += name.equals(member.getFieldName()) ? 1 : 0;
        }
        return count;
    }

    /** The text of {@code {"IonText": "…"}} at {@code where}, which must have no other member. */
    String ionText(IonValue holder, String where, String form) {
        if (!(holder instanceof IonStruct struct) || holder.isNullValue()) {
            throw new UnusableInput(file + ": " + where + " must be an object {\"IonText\": \"…\"}");
        }
        return string(members(struct, where, form, Set.of("IonText")).get("IonText"), where + ".IonText");
    }

    /** The single Ion value of {@code {"IonText": "…"}} at {@code where}. */
    IonValue ionValue(IonValue holder, String where, String form) {
        String text = ionText(holder, where, form);
        try {
            return ION.singleValue(text);
        } catch (IonException e) {
            throw new UnusableInput(file + ": " + where + ".IonText is not one Ion value: " + e.getMessage());
        }
    }

    String string(IonValue value, String where) {
        if (!(value instanceof IonText text) || value.isNullValue() || value.getType() != IonType.STRING) {
            throw new UnusableInput(file + ": " + where + " must be a string");
        }
        return text.stringValue();
    }

    /** QLDB's GetDigest members {@code Digest} and {@code DigestTipAddress} of {@code struct}, read as {@code name}. */
    DigestCopy qldbDigest(String name, IonValue digest, IonValue tipAddress, String form) {
        Hash hash = hash(string(digest, name + ".Digest"), name + ".Digest");
        if (tipAddress == null) {
            throw new UnusableInput(file + ": " + name + " has no DigestTipAddress");
        }
        String tipText = ionText(tipAddress, name + ".DigestTipAddress", form);
        try {
            return new DigestCopy(name, new LedgerDigest(hash, BlockAddress.parseIonText(tipText)));
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(file + ": " + name + ".DigestTipAddress " + e.getMessage());
        }
    }

    /** The native API's readable digest: {@code digest} (Base64) and {@code tipAddress} {strandId, sequenceNo}. */
    DigestCopy readableDigest(String name, IonValue digest, IonValue tipAddress, String form) {
        Hash hash = hash(string(digest, name + ".digest"), name + ".digest");
        return new DigestCopy(name, new LedgerDigest(hash, blockAddress(tipAddress, name + ".tipAddress", form)));
    }

    /** A readable block address {@code {"strandId": "…", "sequenceNo": N}}. */
    BlockAddress blockAddress(IonValue value, String where, String form) {
        if (!(value instanceof IonStruct struct) || value.isNullValue()) {
            throw new UnusableInput(file + ": " + where + " must be an object {\"strandId\", \"sequenceNo\"}");
        }
        Map<String, IonValue> members = members(struct, where, form, Set.of("strandId", "sequenceNo"));
        String strandId = string(members.get("strandId"), where + ".strandId");
        if (!(members.get("sequenceNo") instanceof IonInt sequenceNo) || sequenceNo.isNullValue()
                || sequenceNo.bigIntegerValue().signum() < 0 || sequenceNo.bigIntegerValue().bitLength() > 63) {
            throw new UnusableInput(file + ": " + where + ".sequenceNo must be a non-negative integer");
        }
        try {
            return new BlockAddress(strandId, sequenceNo.longValue());
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(file + ": " + where + " " + e.getMessage());
        }
    }

    private Hash hash(String base64, String where) {
        Hash hash;
        try {
            hash = Hash.fromBase64(base64);
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(file + ": " + where + " " + e.getMessage());
        }
        if (hash.isEmpty()) {
            throw new UnusableInput(file + ": " + where + " is empty");
        }
        return hash;
    }

    /**
     * Every digest the file states, under any of the names the QLDB and native answers use: {@code Digest} with
     * {@code DigestTipAddress} (QLDB's GetDigest), {@code qldb.GetDigest}, {@code digest} with {@code tipAddress}
     * (the native digest answer) and {@code digest: {digest, tipAddress}} (native revision, block and wallet answers).
     */
    List<DigestCopy> digests(Map<String, IonValue> topMembers, Map<String, IonValue> qldbMembers, String form) {
        List<DigestCopy> copies = new ArrayList<>();
        if (topMembers.containsKey("Digest")) {
            copies.add(qldbDigest("Digest", topMembers.get("Digest"), topMembers.get("DigestTipAddress"), form));
        }
        if (qldbMembers.get("GetDigest") != null) {
            IonValue getDigest = qldbMembers.get("GetDigest");
            if (!(getDigest instanceof IonStruct struct) || getDigest.isNullValue()) {
                throw new UnusableInput(file + ": qldb.GetDigest must be an object");
            }
            Map<String, IonValue> members = members(struct, "qldb.GetDigest", form,
                    Set.of("Digest", "DigestTipAddress"));
            copies.add(qldbDigest("qldb.GetDigest", members.get("Digest"), members.get("DigestTipAddress"), form));
        }
        IonValue digest = topMembers.get("digest");
        if (digest instanceof IonStruct struct && !digest.isNullValue()) {
            Map<String, IonValue> members = members(struct, "digest", form, Set.of("digest", "tipAddress"));
            copies.add(readableDigest("digest", members.get("digest"), members.get("tipAddress"), form));
        } else if (digest != null) {
            copies.add(readableDigest("digest", digest, topMembers.get("tipAddress"), form));
        }
        for (DigestCopy copy : copies) {
            if (!copy.digest().equals(copies.get(0).digest())) {
                throw VerificationException.disagreement(file + ": every copy of the digest in the file must agree",
                        copies.get(0).name(), copies.get(0).show(), copy.name(), copy.show());
            }
        }
        return copies;
    }

    /** A member that states the outcome of a verification elsewhere ({@code verified}) must state success. */
    void requireVerifiedTrue(IonValue verified) {
        if (!(verified instanceof IonBool bool) || verified.isNullValue() || !bool.booleanValue()) {
            throw new VerificationException(file + ": the answer's own \"verified\" must say true; an answer that "
                    + "reports a failed verification is not verified here either", "true", ReadableCopy.show(verified));
        }
    }
}
