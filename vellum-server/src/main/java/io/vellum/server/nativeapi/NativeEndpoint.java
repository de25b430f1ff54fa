package io.vellum.server.nativeapi;

import com.amazon.ion.IonSystem;
import io.vellum.kafka.SseStream;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.metrics.ServerMetrics;
import io.vellum.server.control.QldbIonText;
import io.vellum.server.metrics.ResponseCounts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vellum's native JSON API under {@code /v1}, for curl and the Java client: plain JSON in and out (Ion text accepted
 * on input, see {@link NativeRequestBody}; Ion values down-converted as {@link IonToJson} documents).
 *
 * <pre>
 * GET  /v1/ledgers                                                  list ledgers
 * POST /v1/ledgers                       {"name": …}                create a ledger (201)
 * GET  /v1/ledgers/{name}                                           describe a ledger
 * POST /v1/ledgers/{name}/statements     {"statement", "parameters"} run one auto-committed statement
 * POST /v1/ledgers/{name}/batches        {"SessionToken", …}        a Session API transaction's statements at once
 * GET  /v1/ledgers/{name}/digest                                    the latest digest, signed
 * GET  /v1/ledgers/{name}/consistency?from=N[&amp;to=M]                 proof that tip M extends tip N, signed
 * GET  /v1/ledgers/{name}/keys                                      the ledger's digest-signing public keys
 * POST /v1/ledgers/{name}/keys                                      rotate the signing key (201)
 * GET  /v1/ledgers/{name}/revisions/{documentId}?blockSequenceNo=N[&amp;tip=M]   revision + proof + digest
 * GET  /v1/ledgers/{name}/blocks/{sequenceNo}[?tip=M]               block + proof + digest
 * GET  /v1/ledgers/{name}/documents/{table}/{documentId}/history   every revision of a document
 * GET  /v1/ledgers/{name}/stream?fromBlock=N                        blocks as Server-Sent Events
 * </pre>
 * The stream ({@code text/event-stream}) sends every block from {@code fromBlock} (default 0) on, then each new block
 * as it commits, as {@code BLOCK_SUMMARY} and {@code REVISION_DETAILS} events in the JSON form of
 * {@link io.vellum.kafka.SseStream}; the last event of a block carries {@code id: <sequenceNo>}, so a reconnecting
 * client that sends {@code Last-Event-ID: N} resumes at block N+1. It stays open until the client goes away, the
 * ledger is deleted or the server stops ({@link LedgerEventStreams}).
 * Errors are {@code {"error": {"code": "<ErrorCode>", "message": "…"}}} with the statuses of {@link NativeResponses};
 * an unknown path is 404 NOT_FOUND, a known path with another method 405 INVALID_REQUEST with {@code Allow}.
 * Thread-safe.
 */
public final class NativeEndpoint implements Endpoint {
    static final IonSystem ION = QldbIonText.ION;
    private static final Logger LOG = LoggerFactory.getLogger(NativeEndpoint.class);

    private final NativeLedgers ledgers;
    private final NativeStatements statements;
    private final NativeProofs proofs;
    private final NativeSignedDigests signedDigests;
    private final LedgerRegistry registry;
    private final LedgerEventStreams eventStreams;
    private final ResponseCounts responseCounts;
    /** The Session API's batch endpoint ({@code SessionEndpoint#batch}), or null where none is served. */
    private final BiFunction<String, HttpRequest, HttpResponse> batches;

    /** @param eventStreams where open {@code /stream} responses are kept, so the server can end them */
    public NativeEndpoint(LedgerRegistry registry, ServerMetrics metrics, LedgerEventStreams eventStreams) {
        this(registry, metrics, eventStreams, null);
    }

    /**
     * @param batches the Session API's batch endpoint for {@code POST /v1/ledgers/{name}/batches} (ledger name,
     *                request), or null to answer 404 there
     */
    public NativeEndpoint(LedgerRegistry registry, ServerMetrics metrics, LedgerEventStreams eventStreams,
                          BiFunction<String, HttpRequest, HttpResponse> batches) {
        this.batches = batches;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.eventStreams = Objects.requireNonNull(eventStreams, "eventStreams");
        Objects.requireNonNull(metrics, "metrics");
        this.ledgers = new NativeLedgers(registry);
        this.statements = new NativeStatements(registry, metrics);
        this.proofs = new NativeProofs(registry);
        this.signedDigests = new NativeSignedDigests(registry);
        this.responseCounts = ResponseCounts.of(metrics);
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        HttpResponse response;
        try {
            response = route(request);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.CORRUPTION || e.code() == ErrorCode.VERIFICATION_FAILED) {
                LOG.error("Native API request {} {} failed", request.method(), request.path(), e);
            }
            response = NativeResponses.error(e);
        } catch (IllegalArgumentException e) {
            // A value the engine's records refuse (e.g. an address out of range): the request's fault. Only our own
            // messages are passed on; a library's (e.g. NumberFormatException's) is not ours to show.
            response = NativeResponses.error(400, ErrorCode.INVALID_REQUEST, InternalFailures.isOwnMessage(e)
                    ? e.getMessage() : "a value in the request is not valid for " + request.method() + " "
                    + request.path());
        } catch (RuntimeException | StackOverflowError e) {
            // ErrorCode has no "internal" code; UNAVAILABLE says "retrying later may succeed", which is all a
            // client can do about a failure it did not cause. It is logged for the operator, once.
            String requestId = InternalFailures.log(LOG, "Native API request " + request.method() + " "
                    + request.path(), e);
            response = NativeResponses.error(500, ErrorCode.UNAVAILABLE, InternalFailures.message(requestId),
                    requestId);
        }
        responseCounts.record(ServerMetrics.NATIVE, response.status());
        return response;
    }

    private HttpResponse route(HttpRequest request) {
        String method = request.method();
        List<String> segments = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.size() < 2 || !segments.get(0).equals("v1") || !segments.get(1).equals("ledgers")) {
            return notFound(request);
        }
        int size = segments.size();
        if (size == 2) {
            return switch (method) {
                case "GET" -> ledgers.list();
                case "POST" -> ledgers.create(request);
                default -> methodNotAllowed(request, "GET, POST");
            };
        }
        String name = segments.get(2);
        if (size == 3) {
            return method.equals("GET") ? ledgers.describe(name) : methodNotAllowed(request, "GET");
        }
        String resource = segments.get(3);
        if (size == 4 && resource.equals("statements")) {
            return method.equals("POST") ? statements.execute(name, request) : methodNotAllowed(request, "POST");
        }
        if (size == 4 && resource.equals("batches") && batches != null) {
            return method.equals("POST") ? batches.apply(name, request) : methodNotAllowed(request, "POST");
        }
        if (size == 4 && resource.equals("digest")) {
            return method.equals("GET") ? proofs.digest(name) : methodNotAllowed(request, "GET");
        }
        if (size == 4 && resource.equals("consistency")) {
            return method.equals("GET") ? signedDigests.consistency(name, request) : methodNotAllowed(request, "GET");
        }
        if (size == 4 && resource.equals("keys")) {
            return switch (method) {
                case "GET" -> signedDigests.keys(name);
                case "POST" -> signedDigests.rotate(name);
                default -> methodNotAllowed(request, "GET, POST");
            };
        }
        if (size == 4 && resource.equals("stream")) {
            if (!method.equals("GET")) {
                return methodNotAllowed(request, "GET");
            }
            long from = SseStream.startSequenceNo(request.header("Last-Event-ID"), request.queryParameter("fromBlock"));
            return eventStreams.open(name, registry.ledger(name), from);
        }
        if (size == 5 && resource.equals("revisions")) {
            return method.equals("GET") ? proofs.revision(name, segments.get(4), request)
                    : methodNotAllowed(request, "GET");
        }
        if (size == 5 && resource.equals("blocks")) {
            return method.equals("GET") ? proofs.block(name, segments.get(4), request)
                    : methodNotAllowed(request, "GET");
        }
        if (size == 7 && resource.equals("documents") && segments.get(6).equals("history")) {
            return method.equals("GET") ? statements.history(name, segments.get(4), segments.get(5))
                    : methodNotAllowed(request, "GET");
        }
        return notFound(request);
    }

    private static HttpResponse notFound(HttpRequest request) {
        return NativeResponses.error(404, ErrorCode.NOT_FOUND, "no native API resource at " + request.path()
                + "; resources: /v1/ledgers[/{name}[/statements|/batches|/digest|/consistency?from=N[&to=M]|/keys|/revisions/{documentId}|/blocks/{sequenceNo}"
                + "|/documents/{table}/{documentId}/history|/stream?fromBlock=N]]");
    }

    private static HttpResponse methodNotAllowed(HttpRequest request, String allowed) {
        HttpResponse error = NativeResponses.error(405, ErrorCode.INVALID_REQUEST, request.path() + " answers "
                + allowed + ", not " + request.method());
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put("Allow", allowed);
        return new HttpResponse(405, headers, error.body());
    }
}
