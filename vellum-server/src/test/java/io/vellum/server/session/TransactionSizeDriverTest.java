package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.qldbsession.model.BadRequestException;
import software.amazon.qldb.QldbDriver;

/**
 * QLDB's 4 MB transaction size through the official driver: 40 documents of 110 KB (4.4 MB) are refused with a
 * BadRequestException naming the limit, which the driver surfaces without retrying, and nothing is written; 40 of
 * 100 KB commit.
 */
class TransactionSizeDriverTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @TempDir
    Path data;

    @Test
    void aTransactionOverFourMegabytesIsABadRequestAndOneUnderCommits() throws Exception {
        try (VellumServer server = TestServers.start(data)) {
            server.ledgers().create("sizes", false, "ALLOW_ALL", Map.of());
            try (QldbDriver driver = TestServers.driver(server, "sizes")) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE Files");
                });
                assertThatThrownBy(() -> driver.execute(txn -> {
                    for (int i = 0; i < 40; i++) {
                        txn.execute("INSERT INTO Files ?", document(110 * 1024));
                    }
                })).isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                    .contains("at most " + 4 * 1024 * 1024 + " bytes"));
                assertThat(count(driver)).isZero();

                driver.execute(txn -> {
                    for (int i = 0; i < 40; i++) {
                        txn.execute("INSERT INTO Files ?", document(100 * 1024));
                    }
                });
                assertThat(count(driver)).isEqualTo(40);
            }
        }
    }

    private static long count(QldbDriver driver) {
        return driver.execute(txn -> {
            IonStruct row = (IonStruct) txn.execute("SELECT COUNT(*) AS n FROM Files").iterator().next();
            return ((com.amazon.ion.IonInt) row.get("n")).longValue();
        });
    }

    private static IonStruct document(int bytes) {
        IonStruct document = ION.newEmptyStruct();
        document.put("payload").newBlob(new byte[bytes]);
        return document;
    }
}
