package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.kafka.KafkaConnection;
import io.vellum.kafka.KafkaTarget;
import io.vellum.kafka.KinesisConfiguration;
import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamFormat;
import io.vellum.kafka.StreamManager;
import io.vellum.kafka.StreamNotActiveException;
import io.vellum.kafka.StreamRequest;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.hosting.LedgerRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * QLDB's journal stream operations (COMPATIBILITY.md §9) over the {@link StreamManager}: StreamJournalToKinesis,
 * DescribeJournalKinesisStream, ListJournalKinesisStreamsForLedger and CancelJournalKinesisStream, with the shapes of
 * the AWS CLI's real outputs.
 *
 * <p>Where records go: a {@code KinesisConfiguration.StreamArn} of {@code arn:aws:kinesis:…:stream/<name>} is topic
 * {@code <name>} on the server's Kafka cluster ({@code --kafka-bootstrap-servers}). Instead of it a request may give
 * Vellum's extension member (curl and other raw-JSON clients; the AWS SDKs drop members their model lacks):
 *
 * <pre>
 * "KafkaConfiguration": {"BootstrapServers": "host:9092",   optional; when given, it must be the server's cluster
 *                        "Topic": "journal",                required
 *                        "Format": "ION_BINARY"}            ION_BINARY (default, QLDB's) | ION_TEXT | JSON
 * </pre>
 *
 * Exactly one of the two is given. Streams go only to the operator's cluster ({@code --kafka-bootstrap-servers}),
 * with its producer properties ({@code --kafka-producer-property}): a request naming other bootstrap servers is
 * refused (400 InvalidParameterException), or any key holder could make the server connect to any host; a request
 * never sets producer properties (they can load classes and carry credentials).
 * {@code RoleArn} is required with {@code KinesisConfiguration}, as in QLDB, and echoed. Describe and list show a
 * {@code KafkaConfiguration} stream with that member in place of {@code KinesisConfiguration}.
 *
 * <p>Errors: unknown ledger ResourceNotFoundException (LEDGER), unknown stream ResourceNotFoundException
 * ({@value #RESOURCE_TYPE}), canceling a COMPLETED, CANCELED or FAILED stream ResourcePreconditionNotMetException
 * 412, a sixth active stream of a ledger LimitExceededException ({@value #RESOURCE_TYPE}), anything else about the
 * request InvalidParameterException naming the member.
 */
final class StreamOperations {
    /** {@code ResourceType} in this operation family's errors (QLDB's own value is not documented). */
    static final String RESOURCE_TYPE = "JOURNAL_KINESIS_STREAM";
    static final String KINESIS_CONFIGURATION = "KinesisConfiguration";
    static final String KAFKA_CONFIGURATION = "KafkaConfiguration";

    private final LedgerRegistry registry;
    private final StreamManager streams;
    /** The server's cluster for Kinesis ARNs; null when it has none. */
    private final KafkaConnection kafka;
    private final ControlPlaneResponses responses;

    StreamOperations(LedgerRegistry registry, StreamManager streams, KafkaConnection kafka,
                     ControlPlaneResponses responses) {
        this.registry = registry;
        this.streams = streams;
        this.kafka = kafka;
        this.responses = responses;
    }

    /** {@code POST /ledgers/{name}/journal-kinesis-streams}: {@code {StreamId}}. */
    ObjectNode create(String name, RequestMembers request) {
        String streamName = request.requiredString("StreamName");
        String nameViolation = StreamRequest.streamNameViolation(streamName);
        if (nameViolation != null) {
            throw ControlPlaneException.invalidParameter("StreamName", "Invalid StreamName: " + nameViolation);
        }
        Instant start = request.requiredTimestamp("InclusiveStartTime");
        if (start.isAfter(streams.clock().instant())) {
            throw ControlPlaneException.invalidParameter("InclusiveStartTime", "InclusiveStartTime " + start
                    + " is in the future");
        }
        Instant end = request.optionalTimestamp("ExclusiveEndTime");
        if (end != null && !start.isBefore(end)) {
            throw ControlPlaneException.invalidParameter("ExclusiveEndTime", "InclusiveStartTime " + start
                    + " must be before ExclusiveEndTime " + end);
        }
        Map<String, String> tags = request.stringMap("Tags");
        RequestMembers kinesis = request.optionalObject(KINESIS_CONFIGURATION);
        RequestMembers explicit = request.optionalObject(KAFKA_CONFIGURATION);
        if ((kinesis == null) == (explicit == null)) {
            throw ControlPlaneException.invalidParameter(KINESIS_CONFIGURATION, "give " + KINESIS_CONFIGURATION
                    + " {StreamArn, AggregationEnabled} or Vellum's " + KAFKA_CONFIGURATION
                    + " {BootstrapServers, Topic, Format}, " + (kinesis == null ? "not neither" : "not both"));
        }
        String target = kinesis != null ? KINESIS_CONFIGURATION : KAFKA_CONFIGURATION;
        StreamRequest stream = kinesis != null
                ? kinesisRequest(streamName, start, end, kinesis, request, tags)
                : kafkaRequest(streamName, start, end, explicit, request.optionalString("RoleArn"), tags);
        LedgerFailures.call(name, null, () -> registry.describe(name));
        String streamId = call(name, null, target, () -> streams.create(name, stream));
        ObjectNode body = responses.object();
        body.put("StreamId", streamId);
        return body;
    }

    /** {@code GET /ledgers/{name}/journal-kinesis-streams/{streamId}}: {@code {Stream}}. */
    ObjectNode describe(String name, String streamId) {
        LedgerFailures.call(name, null, () -> registry.describe(name));
        StreamDefinition stream = call(name, streamId, null, () -> streams.describe(name, streamId));
        ObjectNode body = responses.object();
        body.set("Stream", shape(stream));
        return body;
    }

    /** {@code GET /ledgers/{name}/journal-kinesis-streams}: {@code {Streams, NextToken}}, oldest first. */
    ObjectNode list(String name, HttpRequest request) {
        LedgerFailures.call(name, null, () -> registry.describe(name));
        ObjectNode body = responses.object();
        Pagination.page(request, streams.list(name), StreamDefinition::streamId, body, "Streams", this::shape);
        return body;
    }

    /** {@code DELETE /ledgers/{name}/journal-kinesis-streams/{streamId}}: {@code {StreamId}}. */
    ObjectNode cancel(String name, String streamId) {
        LedgerFailures.call(name, null, () -> registry.describe(name));
        StreamDefinition canceled = call(name, streamId, null, () -> streams.cancel(name, streamId));
        ObjectNode body = responses.object();
        body.put("StreamId", canceled.streamId());
        return body;
    }

    private StreamRequest kinesisRequest(String streamName, Instant start, Instant end, RequestMembers kinesis,
                                         RequestMembers request, Map<String, String> tags) {
        String roleArn = request.requiredString("RoleArn");
        String streamArn = kinesis.requiredString("StreamArn");
        Boolean aggregation = kinesis.optionalBoolean("AggregationEnabled");
        KinesisConfiguration configuration = new KinesisConfiguration(streamArn, aggregation == null || aggregation);
        if (kafka == null) {
            throw ControlPlaneException.invalidParameter(KINESIS_CONFIGURATION, "this server has no Kafka cluster to "
                    + "stand in for Kinesis: the operator starts it with --kafka-bootstrap-servers HOST:PORT");
        }
        try {
            return StreamRequest.fromKinesis(streamName, start, end, configuration, roleArn, tags, kafka);
        } catch (LedgerException e) {
            throw ControlPlaneException.invalidParameter(kinesis.name("StreamArn"), e.getMessage());
        }
    }

    private StreamRequest kafkaRequest(String streamName, Instant start, Instant end, RequestMembers explicit,
                                       String roleArn, Map<String, String> tags) {
        String topic = explicit.requiredString("Topic");
        String bootstrapServers = explicit.optionalString("BootstrapServers");
        String format = explicit.optionalString("Format");
        StreamFormat streamFormat;
        try {
            streamFormat = format == null ? StreamFormat.ION_BINARY : StreamFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw ControlPlaneException.invalidParameter(explicit.name("Format"), explicit.name("Format")
                    + " must be ION_BINARY, ION_TEXT or JSON, got " + format);
        }
        if (kafka == null) {
            throw ControlPlaneException.invalidParameter(explicit.name("BootstrapServers"), "this server has no "
                    + "Kafka cluster (the operator starts it with --kafka-bootstrap-servers); streams go only to that"
                    + " cluster");
        }
        if (bootstrapServers != null && !sameCluster(bootstrapServers, kafka.bootstrapServers())) {
            // A request must not make the server connect wherever it says: streams go to the operator's cluster.
            throw ControlPlaneException.invalidParameter(explicit.name("BootstrapServers"),
                    explicit.name("BootstrapServers") + " '" + bootstrapServers + "' is not this server's Kafka"
                    + " cluster; streams go only to the cluster the operator configured (--kafka-bootstrap-servers "
                    + kafka.bootstrapServers() + "): leave " + explicit.name("BootstrapServers") + " out or name"
                    + " that one");
        }
        KafkaTarget target = new KafkaTarget(kafka.bootstrapServers(), topic, kafka.producerProperties());
        return new StreamRequest(streamName, start, end, target, streamFormat, null, roleArn, tags);
    }

    /**
     * Whether two {@code host:port[,host:port…]} lists name the same brokers (order, blanks and host case aside).
     */
    static boolean sameCluster(String requested, String configured) {
        return brokers(requested).equals(brokers(configured));
    }

    private static java.util.Set<String> brokers(String bootstrapServers) {
        java.util.Set<String> brokers = new java.util.TreeSet<>();
        for (String broker : bootstrapServers.split(",")) {
            if (!broker.isBlank()) {
                brokers.add(broker.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return brokers;
    }

    /** QLDB's {@code JournalKinesisStreamDescription}, members in the AWS CLI's order. */
    private ObjectNode shape(StreamDefinition stream) {
        StreamRequest request = stream.request();
        ObjectNode body = responses.object();
        body.put("LedgerName", stream.ledgerName());
        body.set("CreationTime", ControlPlaneResponses.epochSeconds(stream.creationTime()));
        body.set("InclusiveStartTime", ControlPlaneResponses.epochSeconds(request.inclusiveStartTime()));
        if (request.exclusiveEndTime() != null) {
            body.set("ExclusiveEndTime", ControlPlaneResponses.epochSeconds(request.exclusiveEndTime()));
        }
        if (request.roleArn() != null) {
            body.put("RoleArn", request.roleArn());
        }
        body.put("StreamId", stream.streamId());
        body.put("Arn", stream.arn());
        body.put("Status", stream.status().name());
        if (request.kinesisConfiguration() != null) {
            ObjectNode kinesis = body.putObject(KINESIS_CONFIGURATION);
            kinesis.put("StreamArn", request.kinesisConfiguration().streamArn());
            kinesis.put("AggregationEnabled", request.kinesisConfiguration().aggregationEnabled());
        } else {
            // Producer property values are left out: they may hold credentials.
            ObjectNode target = body.putObject(KAFKA_CONFIGURATION);
            target.put("BootstrapServers", request.target().bootstrapServers());
            target.put("Topic", request.target().topic());
            target.put("Format", request.format().name());
        }
        if (stream.errorCause() != null && stream.errorCause().qldbErrorCause() != null) {
            body.put("ErrorCause", stream.errorCause().qldbErrorCause());
        }
        body.put("StreamName", request.streamName());
        return body;
    }

    /**
     * Runs a stream manager call, mapping its failures: StreamNotActiveException to 412, NOT_FOUND to the stream
     * (when {@code streamId} is given) or the ledger, LIMIT_EXCEEDED to the stream quota, INVALID_REQUEST to the
     * member {@code parameterName}.
     */
    private static <T> T call(String name, String streamId, String parameterName, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StreamNotActiveException e) {
            throw ControlPlaneException.preconditionNotMet(RESOURCE_TYPE, streamId, e.getMessage());
        } catch (LedgerException e) {
            throw switch (e.code()) {
                case NOT_FOUND -> streamId != null
                        ? ControlPlaneException.notFound(RESOURCE_TYPE, streamId, e.getMessage())
                        : ControlPlaneException.notFound(ControlPlaneException.LEDGER, name, e.getMessage());
                case LIMIT_EXCEEDED -> ControlPlaneException.limitExceeded(RESOURCE_TYPE, e.getMessage());
                default -> LedgerFailures.of(e, name, parameterName);
            };
        }
    }
}
