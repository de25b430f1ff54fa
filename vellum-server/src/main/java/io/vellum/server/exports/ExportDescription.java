package io.vellum.server.exports;

import java.time.Instant;
import java.util.Objects;

/**
 * One export as DescribeJournalS3Export and the List operations show it, plus why it was cancelled. Immutable; a
 * status change makes a new one.
 *
 * @param exportId           22-character Base62 id; names the manifests
 * @param exportCreationTime when the request was accepted (millisecond precision)
 * @param job                what was asked for
 * @param status             IN_PROGRESS, COMPLETED or CANCELLED
 * @param failureReason      why a CANCELLED export did not finish; null otherwise. Not part of QLDB's response
 *                           shape: it is logged and kept in the description file for the operator
 */
public record ExportDescription(String exportId, Instant exportCreationTime, ExportJob job, ExportStatus status,
                                String failureReason) {
    public ExportDescription {
        Objects.requireNonNull(exportId, "exportId");
        Objects.requireNonNull(exportCreationTime, "exportCreationTime");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(status, "status");
        if (failureReason != null && status != ExportStatus.CANCELLED) {
            throw new IllegalArgumentException("only a CANCELLED export has a failure reason");
        }
    }

    public String ledgerName() {
        return job.ledgerName();
    }

    ExportDescription completed() {
        return new ExportDescription(exportId, exportCreationTime, job, ExportStatus.COMPLETED, null);
    }

    ExportDescription cancelled(String reason) {
        return new ExportDescription(exportId, exportCreationTime, job, ExportStatus.CANCELLED, reason);
    }
}
