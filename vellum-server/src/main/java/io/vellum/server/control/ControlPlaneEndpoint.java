package io.vellum.server.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.kafka.KafkaConnection;
import io.vellum.kafka.StreamManager;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.exports.JournalExports;
import io.vellum.server.metrics.ResponseCounts;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon QLDB's control plane (REST-JSON, COMPATIBILITY.md §9), so the AWS SDKs and the AWS CLI manage Vellum's ledgers
 * unmodified: ledgers ({@code /ledgers…}), verification ({@code /ledgers/{name}/digest|revision|block}), tags
 * ({@code /tags/{resourceArn}}), journal exports ({@code /journal-s3-exports},
 * {@code /ledgers/{name}/journal-s3-exports…}, see {@link ExportOperations}) and journal streams
 * ({@code /ledgers/{name}/journal-kinesis-streams…}, see {@link StreamOperations}). Any other method and path is a
 * 404 {@code UnknownOperationException}.
 *
 * <p>Errors are QLDB's modelled exceptions with their statuses and members ({@link ControlPlaneException}); an
 * unexpected failure is a 500 {@code InternalFailure} and is logged. Thread-safe.
 */
public final class ControlPlaneEndpoint implements Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneEndpoint.class);
    private static final String LEDGERS = "ledgers";
    private static final String EXPORTS = "journal-s3-exports";
    private static final String STREAMS = "journal-kinesis-streams";

    private final ControlPlaneResponses responses;
    private final LedgerOperations ledgers;
    private final VerificationOperations verification;
    private final TagOperations tags;
    private final ExportOperations exports;
    private final StreamOperations streams;
    private final ResponseCounts responseCounts;

    /**
     * @param exports the server's journal exports
     * @param streams the server's journal streams
     * @param kafka   the cluster Kinesis stream ARNs map to; null when the server has none
     */
    public ControlPlaneEndpoint(LedgerRegistry registry, ServerMetrics metrics, JournalExports exports,
                                StreamManager streams, KafkaConnection kafka) {
        Objects.requireNonNull(registry, "registry");
        this.responses = new ControlPlaneResponses(InputLimits.objectMapper());
        this.ledgers = new LedgerOperations(registry, responses);
        this.verification = new VerificationOperations(registry, responses);
        this.tags = new TagOperations(registry, responses);
        this.exports = new ExportOperations(registry, Objects.requireNonNull(exports, "exports"), responses);
        this.streams = new StreamOperations(registry, Objects.requireNonNull(streams, "streams"), kafka, responses);
        this.responseCounts = ResponseCounts.of(Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        try {
            response = route(request);
        } catch (ControlPlaneException e) {
            response = responses.error(e);
        } catch (RuntimeException | StackOverflowError e) {
            String requestId = InternalFailures.log(LOG, "Control-plane request " + request.method() + " "
                    + request.path(), e);
            response = responses.error(ControlPlaneException.internal(InternalFailures.message(requestId)));
        }
        responseCounts.record(ServerMetrics.CONTROL, response.status());
        return response;
    }

    private HttpResponse route(HttpRequest request) {
        String method = request.method();
        String path = request.path();
        if (path.startsWith("/tags/") && path.length() > "/tags/".length()) {
            // The ARN holds '/' (ledger/<name>); the SDK percent-encodes it and the server decodes the path.
            return tagRoute(method, path.substring("/tags/".length()), request);
        }
        List<String> segments = segments(path);
        if (segments.equals(List.of(EXPORTS)) && method.equals("GET")) {
            return responses.ok(exports.list(request));
        }
        if (segments.isEmpty() || !segments.get(0).equals(LEDGERS)) {
            throw unknown(method, path);
        }
        if (segments.size() == 1) {
            return switch (method) {
                case "POST" -> responses.ok(ledgers.create(members(request)));
                case "GET" -> responses.ok(ledgers.list(request));
                default -> throw unknown(method, path);
            };
        }
        String name = segments.get(1);
        if (segments.size() == 2) {
            return switch (method) {
                case "GET" -> responses.ok(ledgers.describe(name));
                case "PATCH" -> responses.ok(ledgers.update(name, members(request)));
                case "DELETE" -> {
                    ledgers.delete(name);
                    yield responses.empty();
                }
                default -> throw unknown(method, path);
            };
        }
        String resource = segments.get(2);
        if (segments.size() == 3) {
            ObjectNode body = switch (resource + " " + method) {
                case "permissions-mode PATCH" -> ledgers.updatePermissionsMode(name, members(request));
                case "digest POST" -> verification.digest(name);
                case "revision POST" -> verification.revision(name, members(request));
                case "block POST" -> verification.block(name, members(request));
                case EXPORTS + " POST" -> exports.export(name, members(request));
                case EXPORTS + " GET" -> exports.listForLedger(name, request);
                case STREAMS + " POST" -> streams.create(name, members(request));
                case STREAMS + " GET" -> streams.list(name, request);
                default -> throw unknown(method, path);
            };
            return responses.ok(body);
        }
        if (segments.size() == 4) {
            String id = segments.get(3);
            ObjectNode body = switch (resource + " " + method) {
                case EXPORTS + " GET" -> exports.describe(name, id);
                case STREAMS + " GET" -> streams.describe(name, id);
                case STREAMS + " DELETE" -> streams.cancel(name, id);
                default -> throw unknown(method, path);
            };
            return responses.ok(body);
        }
        throw unknown(method, path);
    }

    private HttpResponse tagRoute(String method, String arn, HttpRequest request) {
        return switch (method) {
            case "GET" -> responses.ok(tags.list(arn));
            case "POST" -> {
                tags.tag(arn, members(request));
                yield responses.empty();
            }
            case "DELETE" -> {
                tags.untag(arn, request);
                yield responses.empty();
            }
            default -> throw unknown(method, "/tags/" + arn);
        };
    }

    private RequestMembers members(HttpRequest request) {
        return RequestMembers.of(request, responses.json());
    }

    /** The non-empty path segments: {@code /ledgers/l1/digest} is {@code [ledgers, l1, digest]}. */
    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }

    private static ControlPlaneException unknown(String method, String path) {
        return ControlPlaneException.unknownOperation("No QLDB control-plane operation is " + method + " " + path
                + " (see the QLDB API reference: /ledgers, /ledgers/{name}[/digest|/revision|/block|"
                + "/permissions-mode|/journal-s3-exports[/{exportId}]|/journal-kinesis-streams[/{streamId}]], "
                + "/journal-s3-exports, /tags/{resourceArn})");
    }
}
