package io.vellum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.client.internal.ControlPlane;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.HttpAnswer;
import io.vellum.client.internal.HttpTransport;
import io.vellum.client.internal.JdkHttpTransport;
import io.vellum.client.internal.SigV4Signer;
import io.vellum.client.internal.SignedHttp;
import io.vellum.engine.Ledger;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.error.RetryPolicy;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import io.vellum.proof.hash.VerificationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client verifies and returns one copy of a revision: the one it hashed. Answers of a real server are altered on
 * the way (as a man in the middle or a lying server would): a second copy of the revision, an unknown member beside
 * it, or another member inside its ValueHolder is a protocol violation, never silently skipped; an edited Ion text
 * fails verification with the expected and computed hashes; and what a verified call returns is the hashed data.
 */
class AnswerCopiesIT {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @RegisterExtension
    static final RunningServer SERVER = RunningServer.shared();
    private String ledgerName;
    private String documentId;
    private BlockAddress block;
    private LedgerDigest digest;

    /** The answers' bodies are passed through {@code edit} before the client parses them. */
    private UnaryOperator<String> edit = UnaryOperator.identity();

    @BeforeEach
    void commitAnAccount() {
        ledgerName = SERVER.createLedger("copies");
        Ledger ledger = SERVER.server().ledgers().ledger(ledgerName);
        ledger.execute(transaction -> transaction.execute("CREATE TABLE Accounts"));
        ledger.execute(transaction -> transaction.execute(
                "INSERT INTO Accounts VALUE {'accountId': 'alice', 'balance': 100.50}"));
        digest = ledger.digest();
        block = digest.tipAddress();
        documentId = ledger.execute(transaction -> ((com.amazon.ion.IonText) ((IonStruct) transaction.execute(
                "SELECT r.metadata.id FROM _ql_committed_Accounts AS r").get(0)).get("id")).stringValue());
    }

    private LedgerVerifier verifier() {
        HttpTransport real = new JdkHttpTransport(HttpClient.newHttpClient(), Duration.ofSeconds(30));
        HttpTransport altering = new HttpTransport() {
            @Override
            public HttpAnswer exchange(String method, URI uri, Map<String, String> headers, byte[] body)
                    throws IOException, InterruptedException {
                HttpAnswer answer = real.exchange(method, uri, headers, body);
                String altered = edit.apply(answer.bodyText());
                return new HttpAnswer(answer.status(), answer.headers(), altered.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                real.close();
            }
        };
        SignedHttp http = new SignedHttp(altering, new SigV4Signer(new Credentials(SERVER.server().accessKeyId(),
                SERVER.server().secretAccessKey()), "us-east-1", "qldb"), Clock.systemUTC());
        return new LedgerVerifier(new ControlPlane(http, SERVER.server().endpoint(), ledgerName, ION,
                RetryPolicy.none(), duration -> { }), new io.vellum.client.internal.NativeProofReads(http,
                SERVER.server().endpoint(), ledgerName, RetryPolicy.none(), duration -> { }));
    }

    private void assertProtocolViolation(String... parts) {
        assertThatThrownBy(() -> verifier().getVerifiedRevision(block, documentId, digest))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e).isNotInstanceOf(VerificationException.class);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("protocol violation").contains(parts);
                });
    }

    @Test
    void theVerifiedRevisionReturnedIsTheCopyThatWasHashed() {
        Revision revision = verifier().getVerifiedRevision(block, documentId, digest);
        assertThat(revision.data()).isEqualTo(ION.singleValue("{accountId: \"alice\", balance: 100.50}"));
        assertThat(revision.computeHash()).isEqualTo(revision.hash());
        assertThat(revision.data().isReadOnly()).as("nobody can change it after it was hashed").isTrue();
    }

    @Test
    void anEditedIonTextFailsWithBothHashes() {
        edit = body -> body.replace("balance:100.50", "balance:1000.50");
        assertThatThrownBy(() -> verifier().getVerifiedRevision(block, documentId, digest))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION_FAILED);
                    assertThat(e.expected()).isNotNull();
                    assertThat(e.computed()).isNotNull().isNotEqualTo(e.expected());
                });
    }

    @Test
    void aSecondCopyOfTheRevisionIsRefused() {
        // A first copy with other contents, the server's own copy after it.
        edit = body -> body.startsWith("{\"") && body.contains("\"Revision\"")
                ? "{\"Revision\":{\"IonText\":\"{}\"}," + body.substring(1) : body;
        assertProtocolViolation("Revision");
    }

    @Test
    void anUnknownMemberBesideTheRevisionIsRefused() {
        edit = body -> body.contains("\"Revision\"")
                ? "{\"Data\":{\"accountId\":\"alice\",\"balance\":1000.50}," + body.substring(1) : body;
        assertProtocolViolation("unknown member \"Data\"");
    }

    @Test
    void anotherMemberInsideTheValueHolderIsRefused() {
        edit = body -> body.replace("\"Revision\":{\"IonText\":", "\"Revision\":{\"IonBinary\":\"AAAA\",\"IonText\":");
        assertProtocolViolation("unknown member \"IonBinary\"");
    }

    @Test
    void anUnknownMemberInADigestAnswerIsRefused() {
        edit = body -> body.contains("\"Digest\"") ? "{\"DigestV2\":\"x\"," + body.substring(1) : body;
        assertThatThrownBy(() -> verifier().getDigest()).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.getMessage()).contains("protocol violation", "unknown member \"DigestV2\""));
    }
}
