package io.vellum.cli;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The signature members of a saved native digest answer ({@code "ledger"} beside {@code "signature": {"algorithm":
 * "Ed25519", "keyId", "signedAt", "value"}}), and the pinned public key of {@code --public-key}.
 */
final class SavedSignature {
    static final Set<String> MEMBERS = Set.of("algorithm", "keyId", "signedAt", "value");

    private SavedSignature() {
    }

    /**
     * The signed digest {@code where} states, or null when it carries no {@code signature} member.
     *
     * @param ledger the {@code ledger} member of the answer (required with a signature)
     */
    static SignedDigest read(SavedAnswer answer, String where, IonValue ledger, IonValue signature,
            LedgerDigest digest) {
        if (signature == null) {
            return null;
        }
        String form = "a signed digest";
        if (ledger == null) {
            throw new UnusableInput(answer.file() + ": " + where + " has a signature but no \"ledger\" member: the "
                    + "signature covers the ledger name");
        }
        if (!(signature instanceof IonStruct struct) || signature.isNullValue()) {
            throw new UnusableInput(answer.file() + ": " + where + ".signature must be an object");
        }
        Map<String, IonValue> members = answer.members(struct, where + ".signature", form, MEMBERS);
        String algorithm = answer.string(members.get("algorithm"), where + ".signature.algorithm");
        if (!algorithm.equals("Ed25519")) {
            throw new UnusableInput(answer.file() + ": " + where + ".signature.algorithm must be Ed25519, got "
                    + algorithm);
        }
        String name = answer.string(ledger, "ledger");
        String signedAt = answer.string(members.get("signedAt"), where + ".signature.signedAt");
        try {
            return new SignedDigest(name, digest, Instant.parse(signedAt),
                    answer.string(members.get("keyId"), where + ".signature.keyId"),
                    Ed25519Signature.fromBase64(answer.string(members.get("value"), where + ".signature.value")));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new UnusableInput(answer.file() + ": " + where + ".signature " + e.getMessage());
        }
    }

    /** {@code --public-key}: a file holding the Base64 key, or the Base64 key itself. */
    static Ed25519PublicKey publicKey(String fileOrBase64) {
        String text = fileOrBase64;
        Path file = Path.of(fileOrBase64.replace('\0', '_'));
        try {
            if (Files.isRegularFile(file)) {
                text = Files.readString(file, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UnusableInput("cannot read --public-key " + fileOrBase64 + ": " + e);
        }
        try {
            return Ed25519PublicKey.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new UnusableInput("--public-key must be a file holding the Base64 Ed25519 public key (32 bytes; "
                    + "\"publicKey\" of GET /v1/ledgers/{name}/keys) or that Base64 text itself: " + e.getMessage());
        }
    }
}
