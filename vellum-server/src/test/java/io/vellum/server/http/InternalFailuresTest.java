package io.vellum.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InternalFailuresTest {
    @Test
    void serverSideMessagesLoseFilePathsAndJavaClassNames() {
        String engine = "cannot create /srv/vellum-data/ledgers/bank/journal/00000000000000000001.seg:"
                + " java.nio.file.AccessDeniedException: /srv/vellum-data/ledgers/bank/journal";
        assertThat(InternalFailures.publicMessage(503, engine))
                .isEqualTo("cannot create <file>: <file>")
                .doesNotContain("java.", "/srv/");
        assertThat(InternalFailures.publicMessage(500, "block 7 of ledger bank fails its CRC32C check"))
                .isEqualTo("block 7 of ledger bank fails its CRC32C check");
    }

    @Test
    void clientErrorMessagesAreLeftAlone() {
        String notFound = "no native API resource at /v1/ledgers/x/y; resources: /v1/ledgers[/{name}]";
        assertThat(InternalFailures.publicMessage(404, notFound)).isEqualTo(notFound);
    }

    @Test
    void theClientMessageNamesOnlyTheRequestId() {
        String id = InternalFailures.log(LoggerFactory.getLogger(InternalFailuresTest.class), "test request",
                new IllegalStateException("secret detail at /tmp/x"));
        assertThat(InternalFailures.message(id)).isEqualTo("Internal failure; request id " + id
                + " names it in the server log");
    }
}
