package io.vellum.wallet;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.ProofText;
import io.vellum.proof.block.Revision;
import io.vellum.proof.verify.Verifier;
import java.util.List;

/**
 * Checks a Verify answer the way a client offline would (and as {@code vellum verify} does): only from the QLDB
 * shapes in the body, with {@link Verifier}.
 */
final class ProofChecks {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private ProofChecks() {
    }

    /** The digest in {@code qldb.GetDigest}. */
    static LedgerDigest digest(JsonNode verification) {
        JsonNode getDigest = verification.path("qldb").path("GetDigest");
        return new LedgerDigest(Hash.fromBase64(getDigest.path("Digest").asText()),
                BlockAddress.parseIonText(getDigest.path("DigestTipAddress").path("IonText").asText()));
    }

    /** The revision in {@code qldb.GetRevision}. */
    static Revision revision(JsonNode verification) {
        return Revision.fromIon(ION.singleValue(verification.path("qldb").path("GetRevision").path("Revision")
                .path("IonText").asText()));
    }

    /** Verifies the answer's revision and proof against {@code digest}; throws VerificationException when not. */
    static Revision verify(JsonNode verification, LedgerDigest digest) {
        Revision revision = revision(verification);
        List<Hash> proof = ProofText.parse(verification.path("qldb").path("GetRevision").path("Proof")
                .path("IonText").asText());
        Verifier.verifyRevision(revision, proof, digest);
        return revision;
    }

    /** Verifies the answer against its own digest. */
    static Revision verify(JsonNode verification) {
        return verify(verification, digest(verification));
    }
}
