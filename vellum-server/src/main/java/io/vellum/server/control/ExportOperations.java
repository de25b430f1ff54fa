package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.engine.export.ExportFormat;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.exports.BucketNames;
import io.vellum.server.exports.ExportDescription;
import io.vellum.server.exports.ExportJob;
import io.vellum.server.exports.JournalExports;
import io.vellum.server.exports.ObjectEncryptionType;
import java.time.Instant;

/**
 * QLDB's journal export operations (COMPATIBILITY.md §9): ExportJournalToS3, DescribeJournalS3Export, ListJournalS3Exports and
 * ListJournalS3ExportsForLedger, with the members and shapes of the AWS CLI's real outputs (epoch-second times,
 * {@code S3ExportConfiguration}, {@code RoleArn}, {@code OutputFormat} only when the request named one).
 *
 * <p>Request checks, each an {@code InvalidParameterException} naming the member ({@code S3ExportConfiguration.Bucket}
 * for nested ones): times present and {@code InclusiveStartTime} before {@code ExclusiveEndTime}, the end not in the
 * future; S3's bucket naming rules (the bucket is a directory, see {@link BucketNames}); a prefix that stays inside
 * the bucket; {@code OutputFormat} ION_TEXT, ION_BINARY or JSON; {@code ObjectEncryptionType} SSE_S3 or
 * NO_ENCRYPTION — SSE_KMS (and any {@code KmsKeyArn}) is refused because Vellum has no AWS KMS and will not describe
 * an export as KMS-encrypted. {@code RoleArn} is required as in QLDB and echoed (no IAM here). Unknown ledger:
 * ResourceNotFoundException (LEDGER); unknown export: ResourceNotFoundException ({@value #RESOURCE_TYPE}); a third
 * concurrent export of a ledger: LimitExceededException ({@value #RESOURCE_TYPE}).
 */
final class ExportOperations {
    /** {@code ResourceType} in this operation family's errors (QLDB's own value is not documented). */
    static final String RESOURCE_TYPE = "JOURNAL_S3_EXPORT";
    /** QLDB's bounds for an IAM role ARN. */
    private static final int MINIMUM_ARN_LENGTH = 20;
    private static final int MAXIMUM_ARN_LENGTH = 1600;

    private final LedgerRegistry registry;
    private final JournalExports exports;
    private final ControlPlaneResponses responses;

    ExportOperations(LedgerRegistry registry, JournalExports exports, ControlPlaneResponses responses) {
        this.registry = registry;
        this.exports = exports;
        this.responses = responses;
    }

    /** {@code POST /ledgers/{name}/journal-s3-exports}: {@code {ExportId}}. */
    ObjectNode export(String name, RequestMembers request) {
        Instant start = request.requiredTimestamp("InclusiveStartTime");
        Instant end = request.requiredTimestamp("ExclusiveEndTime");
        if (!start.isBefore(end)) {
            throw ControlPlaneException.invalidParameter("ExclusiveEndTime", "InclusiveStartTime " + start
                    + " must be before ExclusiveEndTime " + end);
        }
        if (end.isAfter(exports.clock().instant())) {
            throw ControlPlaneException.invalidParameter("ExclusiveEndTime", "ExclusiveEndTime " + end
                    + " must not be in the future: an export covers committed blocks only");
        }
        String roleArn = request.requiredString("RoleArn");
        if (roleArn.length() < MINIMUM_ARN_LENGTH || roleArn.length() > MAXIMUM_ARN_LENGTH) {
            throw ControlPlaneException.invalidParameter("RoleArn", "RoleArn must have " + MINIMUM_ARN_LENGTH + " to "
                    + MAXIMUM_ARN_LENGTH + " characters");
        }
        ExportFormat format = outputFormat(request);
        RequestMembers destination = request.requiredObject("S3ExportConfiguration");
        String bucket = destination.requiredString("Bucket");
        String bucketViolation = BucketNames.violation(bucket);
        if (bucketViolation != null) {
            throw ControlPlaneException.invalidParameter(destination.name("Bucket"), "Invalid S3 bucket name: "
                    + bucketViolation);
        }
        String prefix = destination.requiredString("Prefix");
        String prefixViolation = JournalExports.prefixViolation(prefix);
        if (prefixViolation != null) {
            throw ControlPlaneException.invalidParameter(destination.name("Prefix"), "Invalid S3 prefix: "
                    + prefixViolation);
        }
        ObjectEncryptionType encryption = encryption(destination.requiredObject("EncryptionConfiguration"));
        // Members first, then resources, as AWS services validate: a well-formed request for a missing ledger is 404.
        LedgerFailures.call(name, null, () -> registry.describe(name));
        ExportJob job = new ExportJob(name, start, end, bucket, prefix, encryption, roleArn, format);
        ExportDescription description;
        try {
            description = exports.start(job);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.LIMIT_EXCEEDED) {
                throw ControlPlaneException.limitExceeded(RESOURCE_TYPE, e.getMessage());
            }
            // The members were checked above; what remains is the time range against the ledger's creation.
            throw LedgerFailures.of(e, name, "ExclusiveEndTime");
        }
        ObjectNode body = responses.object();
        body.put("ExportId", description.exportId());
        return body;
    }

    /** {@code GET /ledgers/{name}/journal-s3-exports/{exportId}}: {@code {ExportDescription}}. */
    ObjectNode describe(String name, String exportId) {
        LedgerFailures.call(name, null, () -> registry.describe(name));
        ExportDescription description;
        try {
            description = exports.describe(name, exportId);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw ControlPlaneException.notFound(RESOURCE_TYPE, exportId, e.getMessage());
            }
            throw LedgerFailures.of(e, name, null);
        }
        ObjectNode body = responses.object();
        body.set("ExportDescription", shape(description));
        return body;
    }

    /** {@code GET /journal-s3-exports}: every export, newest first. */
    ObjectNode list(HttpRequest request) {
        ObjectNode body = responses.object();
        Pagination.page(request, exports.list(), ExportDescription::exportId, body, "JournalS3Exports", this::shape);
        return body;
    }

    /** {@code GET /ledgers/{name}/journal-s3-exports}: the ledger's exports, newest first. */
    ObjectNode listForLedger(String name, HttpRequest request) {
        LedgerFailures.call(name, null, () -> registry.describe(name));
        ObjectNode body = responses.object();
        Pagination.page(request, exports.list(name), ExportDescription::exportId, body, "JournalS3Exports",
                this::shape);
        return body;
    }

    /** QLDB's {@code JournalS3ExportDescription}, members in the model's order. */
    private ObjectNode shape(ExportDescription description) {
        ExportJob job = description.job();
        ObjectNode export = responses.object();
        export.put("LedgerName", job.ledgerName());
        export.put("ExportId", description.exportId());
        export.set("ExportCreationTime", ControlPlaneResponses.epochSeconds(description.exportCreationTime()));
        export.put("Status", description.status().name());
        export.set("InclusiveStartTime", ControlPlaneResponses.epochSeconds(job.inclusiveStartTime()));
        export.set("ExclusiveEndTime", ControlPlaneResponses.epochSeconds(job.exclusiveEndTime()));
        ObjectNode destination = export.putObject("S3ExportConfiguration");
        destination.put("Bucket", job.bucket());
        destination.put("Prefix", job.prefix());
        destination.putObject("EncryptionConfiguration").put("ObjectEncryptionType", job.objectEncryptionType().name());
        export.put("RoleArn", job.roleArn());
        if (job.outputFormat() != null) {
            export.put("OutputFormat", job.outputFormat().name());
        }
        return export;
    }

    private static ExportFormat outputFormat(RequestMembers request) {
        String format = request.optionalString("OutputFormat");
        if (format == null) {
            return null;
        }
        try {
            return ExportFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw ControlPlaneException.invalidParameter("OutputFormat", "OutputFormat must be ION_TEXT, ION_BINARY "
                    + "or JSON, got " + format);
        }
    }

    private static ObjectEncryptionType encryption(RequestMembers configuration) {
        String type = configuration.requiredString("ObjectEncryptionType");
        String member = configuration.name("ObjectEncryptionType");
        if (type.equals("SSE_KMS")) {
            throw ControlPlaneException.invalidParameter(member, "Vellum has no AWS KMS: it cannot encrypt an export "
                    + "with a KMS key and will not describe one as KMS-encrypted; use SSE_S3 or NO_ENCRYPTION");
        }
        ObjectEncryptionType encryption;
        try {
            encryption = ObjectEncryptionType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ControlPlaneException.invalidParameter(member, member + " must be SSE_S3 or NO_ENCRYPTION (SSE_KMS "
                    + "is QLDB's third value, not available here), got " + type);
        }
        if (configuration.has("KmsKeyArn")) {
            throw ControlPlaneException.invalidParameter(configuration.name("KmsKeyArn"), "KmsKeyArn goes with "
                    + "SSE_KMS only; omit it with " + type);
        }
        return encryption;
    }
}
