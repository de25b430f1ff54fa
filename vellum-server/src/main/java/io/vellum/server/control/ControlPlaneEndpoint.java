package io.vellum.server.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.server.Endpoint;
import io.vellum.server.HttpRequest;
import io.vellum.server.HttpResponse;
import io.vellum.server.LedgerRegistry;
import io.vellum.server.ServerMetrics;
import io.vellum.server.metrics.ResponseCounts;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon QLDB's control plane (REST-JSON, SPEC §3), so the AWS SDKs and the AWS CLI manage Vellum's ledgers
 * unmodified: ledgers ({@code /ledgers…}), verification ({@code /ledgers/{name}/digest|revision|block}) and tags
 * ({@code /tags/{resourceArn}}). Journal exports and Kinesis streams are answered with a 501 naming the operation
 * as not supported yet, never with a fake success. Any other method and path is a 404
 * {@code UnknownOperationException}.
 *
 * <p>Errors are QLDB's modelled exceptions with their statuses and members ({@link ControlPlaneException}); an
 * unexpected failure is a 500 {@code InternalFailure} and is logged. Thread-safe.
 */
public final class ControlPlaneEndpoint implements Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneEndpoint.class);
    private static final String LEDGERS = "ledgers";

    private final ControlPlaneResponses responses;
    private final LedgerOperations ledgers;
    private final VerificationOperations verification;
    private final TagOperations tags;
    private final ResponseCounts responseCounts;

    public ControlPlaneEndpoint(LedgerRegistry registry, ServerMetrics metrics) {
        Objects.requireNonNull(registry, "registry");
        this.responses = new ControlPlaneResponses(new ObjectMapper());
        this.ledgers = new LedgerOperations(registry, responses);
        this.verification = new VerificationOperations(registry, responses);
        this.tags = new TagOperations(registry, responses);
        this.responseCounts = ResponseCounts.of(Objects.requireNonNull(metrics, "metrics"));
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        try {
            response = route(request);
        } catch (ControlPlaneException e) {
            response = responses.error(e);
        } catch (RuntimeException e) {
            LOG.error("Control-plane request {} {} failed", request.method(), request.path(), e);
            response = responses.error(ControlPlaneException.internal("Vellum failed to process "
                    + request.method() + " " + request.path() + ": " + e));
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
        if (segments.equals(List.of("journal-s3-exports")) && method.equals("GET")) {
            throw notSupported("ListJournalS3Exports");
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
                case "journal-s3-exports POST" -> throw notSupported("ExportJournalToS3");
                case "journal-s3-exports GET" -> throw notSupported("ListJournalS3ExportsForLedger");
                case "journal-kinesis-streams POST" -> throw notSupported("StreamJournalToKinesis");
                case "journal-kinesis-streams GET" -> throw notSupported("ListJournalKinesisStreamsForLedger");
                default -> throw unknown(method, path);
            };
            return responses.ok(body);
        }
        if (segments.size() == 4) {
            switch (resource + " " + method) {
                case "journal-s3-exports GET" -> throw notSupported("DescribeJournalS3Export");
                case "journal-kinesis-streams GET" -> throw notSupported("DescribeJournalKinesisStream");
                case "journal-kinesis-streams DELETE" -> throw notSupported("CancelJournalKinesisStream");
                default -> throw unknown(method, path);
            }
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

    private static ControlPlaneException notSupported(String operation) {
        return ControlPlaneException.notSupported(operation + " is not supported by Vellum yet: journal exports "
                + "and Kinesis streams are planned; nothing was started or changed");
    }

    private static ControlPlaneException unknown(String method, String path) {
        return ControlPlaneException.unknownOperation("No QLDB control-plane operation is " + method + " " + path
                + " (see the QLDB API reference: /ledgers, /ledgers/{name}[/digest|/revision|/block|"
                + "/permissions-mode], /tags/{resourceArn})");
    }
}
