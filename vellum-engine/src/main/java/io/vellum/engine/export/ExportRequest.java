package io.vellum.engine.export;

import java.time.Instant;
import java.util.Objects;

/**
 * What to export: blocks whose {@code blockTimestamp} lies in {@code [inclusiveStartTime, exclusiveEndTime)}.
 *
 * @param ledgerName            recorded in the started manifest
 * @param exportId              22-character id naming the manifests
 * @param prefix                prepended to every object key (QLDB's S3 prefix; may be empty, usually ends with '/')
 * @param bucket                recorded in the started manifest (the directory stands in for the bucket)
 * @param format                the format the data objects are written in
 * @param outputFormatRequested whether the request named {@code format}: QLDB's started manifest holds the request's
 *                              parameters, so it carries {@code outputFormat} only then
 */
public record ExportRequest(String ledgerName, String exportId, Instant inclusiveStartTime, Instant exclusiveEndTime,
                            String prefix, String bucket, ExportFormat format, boolean outputFormatRequested) {
    public ExportRequest {
        Objects.requireNonNull(exportId, "exportId");
        Objects.requireNonNull(inclusiveStartTime, "inclusiveStartTime");
        Objects.requireNonNull(exclusiveEndTime, "exclusiveEndTime");
        Objects.requireNonNull(format, "format");
        prefix = prefix == null ? "" : prefix;
        if (!inclusiveStartTime.isBefore(exclusiveEndTime)) {
            throw new IllegalArgumentException("inclusiveStartTime " + inclusiveStartTime
                    + " must be before exclusiveEndTime " + exclusiveEndTime);
        }
        if (prefix.contains("..")) {
            throw new IllegalArgumentException("prefix must not contain '..': " + prefix);
        }
    }

    /** A request that names its format. */
    public ExportRequest(String ledgerName, String exportId, Instant inclusiveStartTime, Instant exclusiveEndTime,
                         String prefix, String bucket, ExportFormat format) {
        this(ledgerName, exportId, inclusiveStartTime, exclusiveEndTime, prefix, bucket, format, true);
    }
}
