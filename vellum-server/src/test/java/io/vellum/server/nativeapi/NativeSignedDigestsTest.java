package io.vellum.server.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.signature.Ed25519PublicKey;
import io.vellum.proof.signature.Ed25519Signature;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.signature.SignedDigest;
import io.vellum.proof.hash.VerificationException;
import io.vellum.proof.verify.Verifier;
import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed digests, consistency proofs and key rotation over HTTP, checked with vellum-proof's verifier. */
class NativeSignedDigestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException, InterruptedException {
        server = VellumServer.start(ServerConfig.defaults(directory).withInsecureNoAuth(true));
        assertThat(send("POST", "/v1/ledgers", "{\"name\": \"bank\", \"deletionProtection\": false}").status())
                .isEqualTo(201);
        statement("CREATE TABLE Accounts");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Reply(int status, JsonNode body) {
    }

    private Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    private Reply get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private void statement(String statement) throws IOException, InterruptedException {
        Reply reply = send("POST", "/v1/ledgers/bank/statements", "{\"statement\": " + JSON.writeValueAsString(statement)
                + "}");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    }

    private static LedgerDigest digest(JsonNode holder) {
        return new LedgerDigest(Hash.fromBase64(holder.get("digest").textValue()), new BlockAddress(
                holder.at("/tipAddress/strandId").textValue(), holder.at("/tipAddress/sequenceNo").asLong()));
    }

    private static SignedDigest signed(String ledger, JsonNode holder) {
        JsonNode signature = holder.get("signature");
        assertThat(signature.get("algorithm").textValue()).isEqualTo("Ed25519");
        assertThat(signature.get("signedAt").textValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        return new SignedDigest(ledger, digest(holder), Instant.parse(signature.get("signedAt").textValue()),
                signature.get("keyId").textValue(), Ed25519Signature.fromBase64(signature.get("value").textValue()));
    }

    private Ed25519PublicKey activeKey() throws IOException, InterruptedException {
        JsonNode keys = get("/v1/ledgers/bank/keys").body().get("keys");
        JsonNode active = keys.get(keys.size() - 1);
        assertThat(active.get("active").booleanValue()).isTrue();
        Ed25519PublicKey key = Ed25519PublicKey.fromBase64(active.get("publicKey").textValue());
        assertThat(active.get("keyId").textValue()).isEqualTo(key.keyId());
        return key;
    }

    @Test
    void theDigestIsSignedByTheLedgersPublishedKey() throws IOException, InterruptedException {
        Ed25519PublicKey key = activeKey();
        JsonNode answer = get("/v1/ledgers/bank/digest").body();
        assertThat(answer.get("ledger").textValue()).isEqualTo("bank");
        SignedDigest signed = signed("bank", answer);
        signed.verifySignature(key);
        // The signature binds the ledger name: the same digest claimed for another ledger fails.
        SignedDigest otherLedger = new SignedDigest("bank2", signed.digest(), signed.signedAt(), signed.keyId(),
                signed.signature());
        assertThatThrownBy(() -> otherLedger.verifySignature(key)).isInstanceOf(VerificationException.class);
        // Unchanged tip: the same (cached) signature.
        assertThat(get("/v1/ledgers/bank/digest").body().get("signature")).isEqualTo(answer.get("signature"));
    }

    @Test
    void consistencyProofsLinkEverySavedDigestToEveryLaterOne() throws IOException, InterruptedException {
        List<JsonNode> saved = new ArrayList<>();
        saved.add(get("/v1/ledgers/bank/digest").body());
        for (int i = 0; i < 6; i++) {
            statement("INSERT INTO Accounts {'id': " + i + "}");
            saved.add(get("/v1/ledgers/bank/digest").body());
        }
        Ed25519PublicKey key = activeKey();
        for (int older = 0; older < saved.size(); older++) {
            for (int newer = older; newer < saved.size(); newer++) {
                long from = saved.get(older).at("/tipAddress/sequenceNo").asLong();
                long to = saved.get(newer).at("/tipAddress/sequenceNo").asLong();
                Reply reply = get("/v1/ledgers/bank/consistency?from=" + from + "&to=" + to);
                assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
                JsonNode body = reply.body();
                assertThat(digest(body.get("from"))).isEqualTo(digest(saved.get(older)));
                assertThat(digest(body.get("to"))).isEqualTo(digest(saved.get(newer)));
                signed("bank", body.get("to")).verifySignature(key);
                List<Hash> proof = new ArrayList<>();
                body.get("proof").forEach(hash -> proof.add(Hash.fromBase64(hash.textValue())));
                Verifier.verifyConsistency(digest(saved.get(older)), digest(saved.get(newer)), proof);
            }
        }
        // Without "to": up to the latest block.
        JsonNode latest = get("/v1/ledgers/bank/consistency?from=0").body();
        assertThat(digest(latest.get("to"))).isEqualTo(digest(saved.get(saved.size() - 1)));
    }

    @Test
    void badConsistencyRequestsAreRefusedWithTheRule() throws IOException, InterruptedException {
        long last = get("/v1/ledgers/bank/digest").body().at("/tipAddress/sequenceNo").asLong();
        assertError(get("/v1/ledgers/bank/consistency"), 400, "from is required");
        assertError(get("/v1/ledgers/bank/consistency?from=x"), 400, "from must be a non-negative integer");
        assertError(get("/v1/ledgers/bank/consistency?from=1&to=0"), 400, "from 1 must not be after to 0");
        assertError(get("/v1/ledgers/bank/consistency?from=0&to=" + (last + 1)), 400,
                "is after the last committed block " + last);
        assertError(get("/v1/ledgers/bank/consistency?from=" + (last + 1)), 400, "must not be after to " + last);
        assertError(get("/v1/ledgers/none/consistency?from=0"), 404, "");
        assertError(send("DELETE", "/v1/ledgers/bank/keys", null), 405, "answers GET, POST");
    }

    @Test
    void rotationKeepsOldKeysListedAndSignsWithTheNewOne() throws IOException, InterruptedException {
        Ed25519PublicKey first = activeKey();
        SignedDigest before = signed("bank", get("/v1/ledgers/bank/digest").body());
        Reply rotated = send("POST", "/v1/ledgers/bank/keys", null);
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(201);
        JsonNode keys = rotated.body().get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).get("publicKey").textValue()).isEqualTo(first.toBase64());
        assertThat(keys.get(0).get("active").booleanValue()).isFalse();
        assertThat(keys.get(0).get("retiredAt").textValue()).isEqualTo(keys.get(1).get("createdAt").textValue());
        assertThat(keys.get(1).get("retiredAt").isNull()).isTrue();
        Ed25519PublicKey second = activeKey();
        assertThat(second).isNotEqualTo(first);

        SignedDigest after = signed("bank", get("/v1/ledgers/bank/digest").body());
        assertThat(after.keyId()).isEqualTo(second.keyId());
        after.verifySignature(second);
        before.verifySignature(first);
        assertThatThrownBy(() -> after.verifySignature(first)).isInstanceOf(VerificationException.class)
                .hasMessageContaining("keyId");
    }

    private static void assertError(Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.body().at("/error/message").textValue()).contains(message);
    }
}
