package io.vellum.server.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.engine.IdGenerator;
import io.vellum.engine.LedgerOptions;
import io.vellum.engine.export.ExportFormat;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.LedgerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export service below HTTP: QLDB's limit of two exports in progress per ledger, an export cut off by a stop
 * running again at the next start, a failed export recorded as CANCELLED with its reason, and S3's bucket rules.
 * Exports are held in their queue by an executor whose only thread waits on a gate.
 */
class JournalExportsTest {
    @TempDir
    Path directory;
    private LedgerRegistry registry;
    private final CountDownLatch gate = new CountDownLatch(1);
    private ExecutorService heldExecutor;

    @BeforeEach
    void start() {
        registry = new LedgerRegistry(directory.resolve("ledgers"), LedgerOptions.defaults(), "us-east-1");
        registry.create("bank", false, LedgerRegistry.ALLOW_ALL, Map.of());
        registry.create("shop", false, LedgerRegistry.ALLOW_ALL, Map.of());
        registry.ledger("bank").executeStatement("CREATE TABLE Accounts");
        heldExecutor = Executors.newSingleThreadExecutor();
        heldExecutor.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @AfterEach
    void stop() {
        gate.countDown();
        heldExecutor.shutdown();
        registry.close();
    }

    private JournalExports exports(ExecutorService executor) {
        return new JournalExports(directory.resolve("exports"), registry, executor, Clock.systemUTC(),
                IdGenerator.random());
    }

    private static ExportJob job(String ledger) {
        return new ExportJob(ledger, Instant.EPOCH, Instant.now(), "vellum-exports", "p/", ObjectEncryptionType.SSE_S3,
                "arn:aws:iam::123456789012:role/export", null);
    }

    private static ExportDescription awaitFinished(JournalExports exports, String ledger, String exportId)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            ExportDescription description = exports.describe(ledger, exportId);
            if (description.status() != ExportStatus.IN_PROGRESS) {
                return description;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("export " + exportId + " still in progress");
    }

    @Test
    void aThirdConcurrentExportOfALedgerExceedsQldbsLimit() throws Exception {
        JournalExports exports = exports(heldExecutor);
        try {
            ExportDescription first = exports.start(job("bank"));
            ExportDescription second = exports.start(job("bank"));
            assertThat(exports.list("bank")).extracting(ExportDescription::status)
                    .containsOnly(ExportStatus.IN_PROGRESS);
            assertThatThrownBy(() -> exports.start(job("bank")))
                    .isInstanceOfSatisfying(LedgerException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                        assertThat(e.getMessage()).contains("2 concurrent exports per ledger");
                    });
            exports.start(job("shop"));
            gate.countDown();
            assertThat(awaitFinished(exports, "bank", first.exportId()).status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(awaitFinished(exports, "bank", second.exportId()).status()).isEqualTo(ExportStatus.COMPLETED);
            ExportDescription third = exports.start(job("bank"));
            assertThat(awaitFinished(exports, "bank", third.exportId()).status()).isEqualTo(ExportStatus.COMPLETED);
        } finally {
            exports.close();
        }
    }

    @Test
    void anExportInProgressAtStopRunsAgainAtTheNextStart() throws Exception {
        JournalExports stopped = exports(heldExecutor);
        ExportDescription accepted = stopped.start(job("bank"));
        // The export never ran: the stop came first (close waits, then gives up on the held thread). Its started
        // manifest was written on acceptance, as QLDB does, with the request's parameters (no outputFormat: the
        // request named none).
        stopped.close();
        Path started = stopped.bucketDirectory("vellum-exports").resolve("p/" + accepted.exportId() + ".started.manifest");
        assertThat(Files.readString(started)).isEqualTo("{ledgerName:\"bank\",exportId:\"" + accepted.exportId()
                + "\",inclusiveStartTime:" + com.amazon.ion.Timestamp.forMillis(registry.describe("bank")
                .creationDateTime().toEpochMilli(), 0) + ",exclusiveEndTime:"
                + com.amazon.ion.Timestamp.forMillis(accepted.job().exclusiveEndTime().toEpochMilli(), 0)
                + ",bucket:\"vellum-exports\",prefix:\"p/\",objectEncryptionType:\"NO_ENCRYPTION\"}");
        try (var objects = Files.list(started.getParent())) {
            assertThat(objects).as("nothing but the started manifest yet").containsExactly(started);
        }

        JournalExports restarted = exports(JournalExports.newExecutor());
        try {
            ExportDescription finished = awaitFinished(restarted, "bank", accepted.exportId());
            assertThat(finished.status()).isEqualTo(ExportStatus.COMPLETED);
            assertThat(finished.exportCreationTime()).isEqualTo(accepted.exportCreationTime());
            assertThat(finished.job()).isEqualTo(accepted.job());
            String strandId = registry.ledger("bank").strandId();
            assertThat(restarted.bucketDirectory("vellum-exports")
                    .resolve("p/" + accepted.exportId() + "." + strandId + ".completed.manifest")).isRegularFile();
        } finally {
            restarted.close();
        }
        gate.countDown();
    }

    @Test
    void anExportThatFailsIsCancelledWithItsReasonAndStaysSoAfterARestart() throws Exception {
        JournalExports exports = exports(heldExecutor);
        ExportDescription accepted;
        try {
            accepted = exports.start(job("shop"));
            registry.delete("shop");
            gate.countDown();
            ExportDescription cancelled = awaitFinished(exports, "shop", accepted.exportId());
            assertThat(cancelled.status()).isEqualTo(ExportStatus.CANCELLED);
            assertThat(cancelled.failureReason()).contains("shop does not exist");
        } finally {
            exports.close();
        }
        JournalExports restarted = exports(JournalExports.newExecutor());
        try {
            assertThat(restarted.describe("shop", accepted.exportId()).status()).isEqualTo(ExportStatus.CANCELLED);
            assertThat(restarted.list("shop")).hasSize(1);
        } finally {
            restarted.close();
        }
    }

    @Test
    void requestsAreCheckedAgainstTheLedgerAndTheClock() {
        JournalExports exports = exports(JournalExports.newExecutor());
        try {
            assertThatThrownBy(() -> exports.start(job("nope"))).isInstanceOfSatisfying(LedgerException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            ExportJob future = new ExportJob("bank", Instant.EPOCH, Instant.now().plusSeconds(60), "vellum-exports", "",
                    ObjectEncryptionType.NO_ENCRYPTION, "arn:aws:iam::123456789012:role/export", ExportFormat.JSON);
            assertThatThrownBy(() -> exports.start(future)).hasMessageContaining("in the future");
            ExportJob beforeCreation = new ExportJob("bank", Instant.EPOCH, Instant.EPOCH.plusSeconds(1),
                    "vellum-exports", "", ObjectEncryptionType.NO_ENCRYPTION, "arn:aws:iam::123456789012:role/export",
                    null);
            assertThatThrownBy(() -> exports.start(beforeCreation)).hasMessageContaining("is empty");
            Instant created = registry.describe("bank").creationDateTime();
            assertThat(exports.start(job("bank")).job().inclusiveStartTime())
                    .as("QLDB's rule: a start before the ledger's creation is its creation").isEqualTo(created);
        } finally {
            exports.close();
        }
    }

    @Test
    void bucketNamesFollowS3Rules() {
        for (String valid : new String[] {"abc", "my-bucket", "my.bucket.2", "a".repeat(63), "vellum-exports"}) {
            assertThat(BucketNames.violation(valid)).as(valid).isNull();
        }
        for (String invalid : new String[] {"ab", "a".repeat(64), "My-Bucket", "my_bucket", "-bucket", "bucket-",
                "my..bucket", "192.168.5.4", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias",
                "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3", ".descriptions", "../x"}) {
            assertThat(BucketNames.violation(invalid)).as(invalid).isNotNull();
        }
        assertThat(JournalExports.prefixViolation("ledgerexport1/")).isNull();
        assertThat(JournalExports.prefixViolation("")).isNull();
        for (String prefix : new String[] {"/abs", "a/../b", "a\\b", "x".repeat(129), "a\nb"}) {
            assertThat(JournalExports.prefixViolation(prefix)).as(prefix).isNotNull();
        }
    }
}
