package io.vellum.cli;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A saved consistency answer of the native API ({@code GET /v1/ledgers/{name}/consistency?from=N[&to=M]}, saved with
 * curl): {@code {"ledger", "from": {"digest", "tipAddress"}, "to": {"digest", "tipAddress", "signature"}, "proof":
 * ["<base64>", …]}}. Read strictly like every saved answer (an unknown or repeated member fails).
 *
 * @param signedTo the {@code to} digest with its signature, or null when the answer carries none
 */
record SavedConsistency(Path file, LedgerDigest from, LedgerDigest to, SignedDigest signedTo, List<Hash> proof) {
    private static final String FORM = "a consistency answer (GET /v1/ledgers/{name}/consistency)";

    static SavedConsistency read(Path file) {
        SavedAnswer answer = SavedAnswer.read(file);
        Map<String, IonValue> members = answer.members(answer.top(), "the answer", FORM,
                Set.of("ledger", "from", "to", "proof"));
        for (String required : List.of("from", "to", "proof")) {
            if (!members.containsKey(required)) {
                throw new UnusableInput(file + " is not " + FORM + ": it has no \"" + required + "\" member");
            }
        }
        LedgerDigest from = digest(answer, members.get("from"), "from", Set.of("digest", "tipAddress"));
        IonStruct toStruct = struct(answer, members.get("to"), "to");
        Map<String, IonValue> toMembers = answer.members(toStruct, "to", FORM, Set.of("digest", "tipAddress",
                "signature"));
        LedgerDigest to = answer.readableDigest("to", toMembers.get("digest"), toMembers.get("tipAddress"), FORM)
                .digest();
        SignedDigest signedTo = SavedSignature.read(answer, "to", members.get("ledger"), toMembers.get("signature"), to);
        if (!(members.get("proof") instanceof IonList list) || list.isNullValue()) {
            throw new UnusableInput(file + ": proof must be an array of Base64 hashes");
        }
        List<Hash> proof = new ArrayList<>();
        for (IonValue entry : list) {
            String text = answer.string(entry, "proof[" + proof.size() + "]");
            try {
                proof.add(Hash.fromBase64(text));
            } catch (IllegalArgumentException e) {
                throw new UnusableInput(file + ": proof[" + proof.size() + "] " + e.getMessage());
            }
        }
        return new SavedConsistency(file, from, to, signedTo, List.copyOf(proof));
    }

    private static IonStruct struct(SavedAnswer answer, IonValue value, String where) {
        if (!(value instanceof IonStruct struct) || value.isNullValue()) {
            throw new UnusableInput(answer.file() + ": " + where + " must be an object {\"digest\", \"tipAddress\"}");
        }
        return struct;
    }

    private static LedgerDigest digest(SavedAnswer answer, IonValue value, String where, Set<String> allowed) {
        Map<String, IonValue> members = answer.members(struct(answer, value, where), where, FORM, allowed);
        return answer.readableDigest(where, members.get("digest"), members.get("tipAddress"), FORM).digest();
    }
}
