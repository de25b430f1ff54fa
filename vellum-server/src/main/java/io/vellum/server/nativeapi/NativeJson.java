package io.vellum.server.nativeapi;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.verify.ProofText;
import io.vellum.server.hosting.LedgerInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes the native API shares between resources. Hashes are standard Base64 (as QLDB prints them);
 * instants ISO-8601 strings. Every verifiable response also carries the QLDB API's own shapes under {@code qldb}
 * ({@code GetDigest}, {@code GetRevision}, {@code GetBlock}, members exactly as QLDB names them), so that
 * {@code vellum verify} and QLDB tooling read it unchanged.
 */
final class NativeJson {
    private NativeJson() {
    }

    /** {@code "field": {"strandId": "…", "sequenceNo": N}}, or null. */
    static void address(JsonGenerator json, String field, BlockAddress address) throws IOException {
        json.writeFieldName(field);
        if (address == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("strandId", address.strandId());
        json.writeNumberField("sequenceNo", address.sequenceNo());
        json.writeEndObject();
    }

    /** {@code "field": {"digest": "<base64>", "tipAddress": {…}}}. */
    static void digest(JsonGenerator json, String field, LedgerDigest digest) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("digest", digest.digest().toBase64());
        address(json, "tipAddress", digest.tipAddress());
        json.writeEndObject();
    }

    /** {@code "field": ["<base64>", …]}. */
    static void proof(JsonGenerator json, String field, List<Hash> proof) throws IOException {
        json.writeArrayFieldStart(field);
        for (Hash hash : proof) {
            json.writeString(hash.toBase64());
        }
        json.writeEndArray();
    }

    /** QLDB's GetDigest response: {@code "GetDigest": {"Digest": "…", "DigestTipAddress": {"IonText": "…"}}}. */
    static void qldbDigest(JsonGenerator json, LedgerDigest digest) throws IOException {
        json.writeObjectFieldStart("GetDigest");
        json.writeStringField("Digest", digest.digest().toBase64());
        ionText(json, "DigestTipAddress", digest.tipAddress().toIonText());
        json.writeEndObject();
    }

    /** QLDB's GetRevision/GetBlock response: {@code "<operation>": {"<member>": {"IonText"}, "Proof": {"IonText"}}}. */
    static void qldbProven(JsonGenerator json, String operation, String member, String ionText, List<Hash> proof)
            throws IOException {
        json.writeObjectFieldStart(operation);
        ionText(json, member, ionText);
        ionText(json, "Proof", ProofText.format(proof));
        json.writeEndObject();
    }

    private static void ionText(JsonGenerator json, String field, String text) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("IonText", text);
        json.writeEndObject();
    }

    /** A ledger: {@code {name, arn, state, creationDateTime, permissionsMode, deletionProtection, tags}}. */
    static void ledger(JsonGenerator json, LedgerInfo info) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", info.name());
        json.writeStringField("arn", info.arn());
        json.writeStringField("state", info.state());
        json.writeStringField("creationDateTime", info.creationDateTime().toString());
        json.writeStringField("permissionsMode", info.permissionsMode());
        json.writeBooleanField("deletionProtection", info.deletionProtection());
        json.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> tag : info.tags().entrySet()) {
            json.writeStringField(tag.getKey(), tag.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }
}
