package io.vellum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.HttpRequest;
import io.vellum.server.session.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ledger a request concerns, the only thing forwarding decides on. */
class ClusterRoutingTest {
    @Test
    void aSessionIsRoutedByStartSessionsLedgerAndThenByItsToken() {
        assertThat(ClusterNode.sessionLedger(session("{\"StartSession\":{\"LedgerName\":\"pay-ments\"}}")))
                .isEqualTo("pay-ments");
        String token = "pay-ments" + "A".repeat(43) + "=";
        assertThat(ClusterNode.sessionLedger(session("{\"SessionToken\":\"" + token + "\",\"StartTransaction\":{}}")))
                .isEqualTo("pay-ments");
        assertThat(SessionTokens.ledgerOf(token)).isEqualTo("pay-ments");
    }

    @Test
    void requestsWithoutALedgerAreServedLocally() {
        assertThat(ClusterNode.sessionLedger(session("not json"))).isNull();
        assertThat(ClusterNode.sessionLedger(session("[1]"))).isNull();
        assertThat(ClusterNode.sessionLedger(session("{\"StartSession\":{\"LedgerName\":7}}"))).isNull();
        assertThat(ClusterNode.sessionLedger(session("{\"SessionToken\":\"short\"}"))).isNull();
        assertThat(SessionTokens.ledgerOf("A".repeat(44))).isNull();
    }

    @Test
    void onlyNativeStatementRequestsAreForwarded() {
        assertThat(ClusterNode.nativeStatementLedger(request("POST", "/v1/ledgers/bank/statements"))).isEqualTo("bank");
        // A batch runs on a Session API session, which lives on the ledger's writer.
        assertThat(ClusterNode.nativeStatementLedger(request("POST", "/v1/ledgers/bank/batches"))).isEqualTo("bank");
        assertThat(ClusterNode.nativeStatementLedger(request("GET", "/v1/ledgers/bank/digest"))).isNull();
        assertThat(ClusterNode.nativeStatementLedger(request("GET", "/v1/ledgers/bank/stream"))).isNull();
        assertThat(ClusterNode.nativeStatementLedger(request("POST", "/v1/ledgers"))).isNull();
        assertThat(ClusterNode.nativeStatementLedger(request("GET", "/v1/ledgers/bank/statements"))).isNull();
    }

    @Test
    void onlyTaggingATableIsAControlPlaneRequestForTheWriter() {
        String table = "/tags/arn:aws:qldb:us-east-1:000000000000:ledger/bank/table/5PLf9SXwndd63lPaSIa0O6";
        // TagResource and UntagResource on a table journal a catalog revision: only the writer can.
        assertThat(ClusterNode.tableTaggingLedger(request("POST", table))).isEqualTo("bank");
        assertThat(ClusterNode.tableTaggingLedger(request("DELETE", table))).isEqualTo("bank");
        // Listing reads the local copy; a ledger's own tags are catalog metadata that any node changes.
        assertThat(ClusterNode.tableTaggingLedger(request("GET", table))).isNull();
        assertThat(ClusterNode.tableTaggingLedger(request("POST",
                "/tags/arn:aws:qldb:us-east-1:000000000000:ledger/bank"))).isNull();
        assertThat(ClusterNode.tableTaggingLedger(request("POST", "/ledgers/bank"))).isNull();
        // Malformed ARNs are refused by the node that received them.
        assertThat(ClusterNode.tableTaggingLedger(request("POST", "/tags/arn:aws:qldb:us-east-1:0:ledger//table/x")))
                .isNull();
        assertThat(ClusterNode.tableTaggingLedger(request("POST", "/tags/ledger/bank/table/x"))).isNull();
        assertThat(ClusterNode.tableTaggingLedger(request("POST",
                "/tags/arn:aws:qldb:us-east-1:0:ledger/a/b/table/x"))).isNull();
    }

    @Test
    void controlPlaneRequestsCatchUpWithTheCatalogExceptReadsOfTheLedgersOwnBlocks() {
        // Metadata: ledgers, tags, streams, exports (read-your-writes across nodes).
        assertThat(ClusterNode.readsCatalog(request("GET", "/ledgers"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("GET", "/ledgers/bank"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("GET", "/ledgers/bank/journal-kinesis-streams/s1"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("DELETE", "/ledgers/bank/journal-kinesis-streams/s1"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("POST", "/ledgers/bank/journal-kinesis-streams"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("GET", "/ledgers/bank/journal-s3-exports/e1"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("GET", "/journal-s3-exports"))).isTrue();
        assertThat(ClusterNode.readsCatalog(request("POST", "/ledgers"))).isTrue();
        // The ledger's own state: served from this node's copy, also while it cannot reach Kafka.
        assertThat(ClusterNode.readsCatalog(request("POST", "/ledgers/bank/digest"))).isFalse();
        assertThat(ClusterNode.readsCatalog(request("POST", "/ledgers/bank/block"))).isFalse();
        assertThat(ClusterNode.readsCatalog(request("POST", "/ledgers/bank/revision"))).isFalse();
    }

    private static HttpRequest session(String body) {
        return new HttpRequest("POST", "/", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest request(String method, String path) {
        return new HttpRequest(method, path, Map.of(), Map.of(), new byte[0]);
    }
}
