/**
 * Amazon QLDB's control plane (REST-JSON, COMPATIBILITY.md §9) served by {@link io.vellum.server.control.ControlPlaneEndpoint}, so
 * the AWS SDKs and CLI manage Vellum ledgers unmodified.
 *
 * <h2>Operations</h2>
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>operation</th><th>request</th><th>response members</th></tr>
 *   <tr><td>CreateLedger</td><td>POST /ledgers {Name, PermissionsMode, DeletionProtection?, Tags?}</td>
 *       <td>Name, Arn, State, CreationDateTime, PermissionsMode, DeletionProtection</td></tr>
 *   <tr><td>DescribeLedger</td><td>GET /ledgers/{name}</td>
 *       <td>Name, Arn, State, CreationDateTime, PermissionsMode, DeletionProtection</td></tr>
 *   <tr><td>ListLedgers</td><td>GET /ledgers?max_results=1..100&amp;next_token=</td>
 *       <td>Ledgers[{Name, State, CreationDateTime}], NextToken</td></tr>
 *   <tr><td>UpdateLedger</td><td>PATCH /ledgers/{name} {DeletionProtection?}</td>
 *       <td>Name, Arn, State, CreationDateTime, DeletionProtection</td></tr>
 *   <tr><td>UpdateLedgerPermissionsMode</td><td>PATCH /ledgers/{name}/permissions-mode {PermissionsMode}</td>
 *       <td>Name, Arn, PermissionsMode</td></tr>
 *   <tr><td>DeleteLedger</td><td>DELETE /ledgers/{name}</td><td>{} (412 while deletion protection is on)</td></tr>
 *   <tr><td>GetDigest</td><td>POST /ledgers/{name}/digest</td><td>Digest, DigestTipAddress{IonText}</td></tr>
 *   <tr><td>GetRevision</td><td>POST /ledgers/{name}/revision {BlockAddress{IonText}, DocumentId,
 *       DigestTipAddress?}</td><td>Revision{IonText}, Proof{IonText} (with a tip only)</td></tr>
 *   <tr><td>GetBlock</td><td>POST /ledgers/{name}/block {BlockAddress{IonText}, DigestTipAddress?}</td>
 *       <td>Block{IonText}, Proof{IonText} (with a tip only)</td></tr>
 *   <tr><td>TagResource / UntagResource / ListTagsForResource</td>
 *       <td>POST {Tags} / DELETE ?tagKeys=… / GET /tags/{url-encoded ledger ARN}</td><td>{} / {} / Tags</td></tr>
 *   <tr><td>ExportJournalToS3</td><td>POST /ledgers/{name}/journal-s3-exports {InclusiveStartTime,
 *       ExclusiveEndTime, S3ExportConfiguration{Bucket, Prefix, EncryptionConfiguration{ObjectEncryptionType}},
 *       RoleArn, OutputFormat?}</td><td>ExportId</td></tr>
 *   <tr><td>DescribeJournalS3Export</td><td>GET /ledgers/{name}/journal-s3-exports/{exportId}</td>
 *       <td>ExportDescription{LedgerName, ExportId, ExportCreationTime, Status, InclusiveStartTime,
 *       ExclusiveEndTime, S3ExportConfiguration, RoleArn, OutputFormat?}</td></tr>
 *   <tr><td>ListJournalS3Exports / ListJournalS3ExportsForLedger</td><td>GET /journal-s3-exports /
 *       GET /ledgers/{name}/journal-s3-exports (?max_results=1..100&amp;next_token=)</td>
 *       <td>JournalS3Exports[…] newest first, NextToken</td></tr>
 *   <tr><td>StreamJournalToKinesis</td><td>POST /ledgers/{name}/journal-kinesis-streams {StreamName,
 *       InclusiveStartTime, ExclusiveEndTime?, RoleArn, Tags?, KinesisConfiguration{StreamArn,
 *       AggregationEnabled?} | KafkaConfiguration{BootstrapServers?, Topic, Format?}}</td><td>StreamId</td></tr>
 *   <tr><td>DescribeJournalKinesisStream</td><td>GET /ledgers/{name}/journal-kinesis-streams/{streamId}</td>
 *       <td>Stream{LedgerName, CreationTime, InclusiveStartTime, ExclusiveEndTime?, RoleArn, StreamId, Arn,
 *       Status, KinesisConfiguration, ErrorCause?, StreamName}</td></tr>
 *   <tr><td>ListJournalKinesisStreamsForLedger</td><td>GET /ledgers/{name}/journal-kinesis-streams
 *       (?max_results=1..100&amp;next_token=)</td><td>Streams[…] oldest first, NextToken</td></tr>
 *   <tr><td>CancelJournalKinesisStream</td><td>DELETE /ledgers/{name}/journal-kinesis-streams/{streamId}</td>
 *       <td>StreamId (412 unless ACTIVE or IMPAIRED)</td></tr>
 * </table>
 *
 * <h2>Formats and decisions</h2>
 * <ul>
 *   <li>Timestamps are epoch seconds with three fractional digits ({@code 1568839243.951}), as QLDB sends them.</li>
 *   <li>IonText is printed exactly as QLDB prints it: addresses {@code {strandId:"…",sequenceNo:N}}, proofs
 *       {@code [{{…}},{{…}}]}, revisions and blocks compact with QLDB's field order (checked against the AWS CLI's
 *       real outputs). Addresses are accepted with or without spaces, in either field order.</li>
 *   <li>Ledgers are created synchronously ({@code State} is ACTIVE at once); the ARN account is
 *       {@code 000000000000}. There is no KMS: {@code KmsKey} is refused and no encryption is claimed.</li>
 *   <li>Errors: {@code x-amzn-ErrorType} header plus {@code __type}/{@code Message} and the model's members.
 *       InvalidParameterException 400 (ParameterName), ResourceNotFoundException 404, ResourceAlreadyExistsException
 *       409, ResourceInUseException 409, ResourcePreconditionNotMetException 412 (also for a damaged ledger:
 *       CORRUPTION naming the block; reads of intact data keep working), LimitExceededException 400
 *       (ResourceType LEDGER and ResourceName where modelled); SerializationException 400 for a body that is not a
 *       JSON object; UnknownOperationException 404 for any other route; 503 while a ledger is closing;
 *       InternalFailure 500 otherwise. Nested members are named with dots ({@code S3ExportConfiguration.Bucket}).
 *       Export and stream errors carry ResourceType {@code JOURNAL_S3_EXPORT} / {@code JOURNAL_KINESIS_STREAM}
 *       (QLDB's values are not documented).</li>
 *   <li>Exports: S3 bucket {@code b} is the directory {@code <exports directory>/b/}; statuses IN_PROGRESS,
 *       COMPLETED, CANCELLED (a failed export is CANCELLED, the reason logged); SSE_KMS refused (no KMS). Streams:
 *       Kinesis stream ARNs map to topics of the server's Kafka cluster. Details on {@link
 *       io.vellum.server.control.ExportOperations} and {@link io.vellum.server.control.StreamOperations}.</li>
 *   <li>GetRevision/GetBlock: an address of another strand or after the last committed block is an invalid
 *       BlockAddress (or DigestTipAddress); a tip before the block an invalid DigestTipAddress; a document without
 *       a revision in the block an invalid DocumentId.</li>
 * </ul>
 */
package io.vellum.server.control;
