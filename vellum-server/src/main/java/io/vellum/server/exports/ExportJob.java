package io.vellum.server.exports;

import io.vellum.engine.export.ExportFormat;
import java.time.Instant;
import java.util.Objects;

/**
 * What an ExportJournalToS3 request asks for, as DescribeJournalS3Export repeats it.
 *
 * @param ledgerName           the exported ledger
 * @param inclusiveStartTime   blocks whose {@code blockTimestamp} is at or after this (a time before the ledger's
 *                             creation is recorded as the creation time, as QLDB does)
 * @param exclusiveEndTime     and before this; never after the time of the request
 * @param bucket               S3 bucket name; the export goes to {@code <exports directory>/<bucket>/}
 * @param prefix               prepended to every object key (may be empty)
 * @param objectEncryptionType what the request asked S3 to do (see {@link ObjectEncryptionType})
 * @param roleArn              echoed only: there is no IAM here
 * @param outputFormat         the requested format, or null when the request named none (then Ion text is written
 *                             and describe leaves {@code OutputFormat} out, as for a QLDB request without one)
 */
public record ExportJob(String ledgerName, Instant inclusiveStartTime, Instant exclusiveEndTime, String bucket,
                        String prefix, ObjectEncryptionType objectEncryptionType, String roleArn,
                        ExportFormat outputFormat) {
    public ExportJob {
        Objects.requireNonNull(ledgerName, "ledgerName");
        Objects.requireNonNull(inclusiveStartTime, "inclusiveStartTime");
        Objects.requireNonNull(exclusiveEndTime, "exclusiveEndTime");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(objectEncryptionType, "objectEncryptionType");
        Objects.requireNonNull(roleArn, "roleArn");
        prefix = prefix == null ? "" : prefix;
    }

    /** The format the files are written in: the requested one, else QLDB's default, Ion text. */
    public ExportFormat effectiveFormat() {
        return outputFormat == null ? ExportFormat.ION_TEXT : outputFormat;
    }

    ExportJob withInclusiveStartTime(Instant start) {
        return new ExportJob(ledgerName, start, exclusiveEndTime, bucket, prefix, objectEncryptionType, roleArn,
                outputFormat);
    }
}
