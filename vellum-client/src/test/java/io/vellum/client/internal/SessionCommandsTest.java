package io.vellum.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.DriverWireCapture;
import io.vellum.client.TimingInformation;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SendCommand envelope: requests as the driver sends them, answers as a server may send them. */
class SessionCommandsTest {
    private final IonSystem ion = IonSystemBuilder.standard().build();

    private SessionCommands answering(String body) {
        return new SessionCommands(request -> new HttpAnswer(200, Map.of(), body.getBytes(StandardCharsets.UTF_8)), ion);
    }

    @Test
    void requestsAreTheDriversBytes() {
        assertThat(new String(SessionCommands.requestBody(null, "StartSession",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("LedgerName", "probe-ledger")),
                StandardCharsets.UTF_8)).isEqualTo(DriverWireCapture.exchange(1).requestBody());
    }

    @Test
    void firstPageWithIonBinaryIonTextTokenAndMetrics() {
        StatementPage page = answering("{\"ExecuteStatement\":{\"FirstPage\":{\"Values\":[{\"IonBinary\":"
                + "\"4AEA6iEB\"},{\"IonText\":\"{a:b::1}\"}],\"NextPageToken\":\"cGFnZTI=\"},"
                + "\"TimingInformation\":{\"ProcessingTimeMilliseconds\":7},\"ConsumedIOs\":{\"ReadIOs\":3,\"WriteIOs\":1}}}")
                .executeStatement("s", "T", "SELECT 1", List.of());
        assertThat(page.values()).extracting(Object::toString).containsExactly("1", "{a:b::1}");
        assertThat(page.nextPageToken()).isEqualTo("cGFnZTI=");
        assertThat(page.consumedIOs()).isEqualTo(new ConsumedIOs(3, 1));
        assertThat(page.timingInformation()).isEqualTo(new TimingInformation(7));
    }

    @Test
    void lastPageWithoutValuesOrToken() {
        StatementPage page = answering("{\"FetchPage\":{\"Page\":{\"NextPageToken\":null}}}").fetchPage("s", "T", "p");
        assertThat(page.values()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
        assertThat(page.consumedIOs()).isNull();
    }

    @Test
    void answersThatBreakTheProtocolNameWhatIsWrong() {
        assertThatThrownBy(() -> answering("{\"StartSession\":{}}").startSession("l"))
                .isInstanceOfSatisfying(LedgerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("StartSession").hasMessageContaining("no SessionToken");
        assertThatThrownBy(() -> answering("{\"Other\":{}}").startTransaction("s"))
                .hasMessageContaining("no \"StartTransaction\" object");
        assertThatThrownBy(() -> answering("not json").endSession("s")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> answering("{\"ExecuteStatement\":{\"FirstPage\":{\"Values\":[{\"IonBinary\":"
                + "\"4AEA6iEBIQI=\"}]}}}").executeStatement("s", "T", "x", List.of()))
                .hasMessageContaining("Values[0]").hasMessageContaining("not exactly one Ion value");
        assertThatThrownBy(() -> answering("{\"CommitTransaction\":{\"CommitDigest\":\"AAEC\"}}")
                .commitTransaction("s", "T", io.vellum.proof.hash.Hash.EMPTY))
                .hasMessageContaining("CommitDigest is not a base64 hash");
    }

    @Test
    void parametersAreStandaloneIonBinaryStreams() {
        byte[] encoded = IonValueCodec.encode(ion.singleValue("price::{amount: 12.50, currency: EUR}"));
        assertThat(encoded).startsWith(0xE0, 0x01, 0x00, 0xEA);
        assertThat(IonValueCodec.decode(ion, encoded)).isEqualTo(ion.singleValue("price::{amount: 12.50, currency: EUR}"));
        // A child value is written without its field name.
        assertThat(IonValueCodec.decode(ion, IonValueCodec.encode(
                ((com.amazon.ion.IonStruct) ion.singleValue("{a: 5}")).get("a")))).hasToString("5");
    }
}
