package io.vellum.server;

import io.vellum.server.auth.AuthenticationResult;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.auth.SignedRequest;
import io.vellum.server.console.ConsoleFiles;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.ContentTypes;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.http.PercentEncoding;
import io.vellum.server.http.RequestForwarding;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import io.vellum.server.metrics.MetricsAccess;
import io.vellum.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dispatch of the server, the same behind both HTTP fronts (Jetty's {@link RequestRouter} and the
 * thread-per-connection front): routes, authenticates and serves.
 * <ul>
 *   <li>{@code /console} and below: the web console's files ({@link ConsoleFiles}, no signature: they hold no data
 *       and no secret; not counted in the metrics);</li>
 *   <li>an {@code X-Amz-Target} header: {@code QLDBSession.SendCommand} (POST) to the Session API, anything else
 *       400 {@code UnknownOperationException};</li>
 *   <li>{@code /health}: served without a signature (probes cannot sign) with status and counts only; a signed
 *       request (or any, with auth off) also gets each ledger's state;</li>
 *   <li>{@code /metrics}: signed, or with the bearer token of {@link MetricsAccess}, or open when that says so;</li>
 *   <li>{@code /v1} and below: the native API;</li>
 *   <li>everything else: the QLDB control plane (REST-JSON).</li>
 * </ul>
 * Before an endpoint sees a request, a {@code Content-Type} the API cannot read is refused (415, {@link ContentTypes})
 * and so are query escapes that are not UTF-8 (400). Refusals made here for {@code /v1} carry the native error shape
 * as well as AWS's; an unexpected failure is a 500 naming only a request id ({@link InternalFailures}). Every error
 * answered is counted by type in the metrics. Thread-safe; {@link RoutedRequest#handle} blocks the calling thread
 * (the engine's commit waits for the disk).
 */
final class RequestDispatch implements RequestRoutes {
    static final String SESSION_TARGET = "QLDBSession.SendCommand";
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatch.class);

    private final ConsoleFiles console;
    private final Endpoint session;
    private final Endpoint control;
    private final Endpoint nativeApi;
    private final Endpoint metricsEndpoint;
    private final HealthEndpoint health;
    /** Null when authentication is off. */
    private final SignatureVerifier verifier;
    private final MetricsAccess metricsAccess;
    private final ServerMetrics metrics;
    /** Null on a single node. */
    private final RequestForwarding forwarding;
    /** Where every Session API request ({@code QLDBSession.SendCommand}, POST) goes. */
    private final Destination sessionDestination;

    /** How a request must prove itself. */
    private enum Access { SIGNED, HEALTH, METRICS, CONSOLE }

    /**
     * @param console    the web console's files; null serves none (every path goes to the APIs)
     * @param verifier   null when authentication is off
     * @param forwarding cluster mode's forwarding to ledger writers; null on a single node
     */
    RequestDispatch(ConsoleFiles console, Endpoint session, Endpoint control, Endpoint nativeApi,
                    Endpoint metricsEndpoint, HealthEndpoint health, SignatureVerifier verifier,
                    MetricsAccess metricsAccess, ServerMetrics metrics, RequestForwarding forwarding) {
        this.console = console;
        this.session = session;
        this.control = control;
        this.nativeApi = nativeApi;
        this.metricsEndpoint = metricsEndpoint;
        this.health = health;
        this.verifier = verifier;
        this.metricsAccess = metricsAccess;
        this.metrics = metrics;
        this.forwarding = forwarding;
        this.sessionDestination = new Destination(ServerMetrics.SESSION, session, AwsErrors.AWS_JSON_1_0,
                Access.SIGNED, false);
    }

    @Override
    public RoutedRequest route(String method, String rawPath, String decodedPath, String rawQuery,
                               Map<String, String> headers) {
        String path = decodedPath == null || decodedPath.isEmpty() ? "/" : decodedPath;
        String target = headers.get("x-amz-target");
        String contentType = target != null ? AwsErrors.AWS_JSON_1_0 : AwsErrors.REST_JSON;
        try {
            return new Route(method, rawPath, path, rawQuery, headers, decide(method, path, target));
        } catch (RuntimeException | StackOverflowError e) {
            HttpResponse failure = internalFailure(method, path, e, contentType);
            metrics.recordError(AwsErrors.errorType(failure));
            return new RoutedRequest() {
                @Override
                public HttpResponse handle(byte[] body) {
                    return failure;
                }

                @Override
                public HttpResponse refuse(int status, String type, String message) {
                    return failure;
                }
            };
        }
    }

    /** Where a request goes, decided from its head before its body is read. */
    private record Destination(String endpointName, Endpoint endpoint, String contentType, Access access,
                               boolean nativeRequest) {
    }

    private Destination decide(String method, String path, String target) {
        if (console != null && ConsoleFiles.isConsolePath(path)) {
            return new Destination(null, null, AwsErrors.REST_JSON, Access.CONSOLE, false);
        }
        Destination destination;
        if (target != null && target.equals(SESSION_TARGET) && method.equals("POST")) {
            destination = sessionDestination; // every Session API request: one record for all of them
        } else if (target != null) {
            Endpoint endpoint = target.equals(SESSION_TARGET) && method.equals("POST") ? session
                    : unknown -> AwsErrors.error(400, "UnknownOperationException", "Unknown operation " + target
                    + " (" + method + " " + unknown.path() + "); this server implements " + SESSION_TARGET
                    + " (POST /)");
            destination = new Destination(ServerMetrics.SESSION, endpoint, AwsErrors.AWS_JSON_1_0, Access.SIGNED,
                    false);
        } else if (path.equals("/health")) {
            destination = new Destination(ServerMetrics.HEALTH, null, AwsErrors.REST_JSON, Access.HEALTH, false);
        } else if (path.equals("/metrics")) {
            destination = new Destination(ServerMetrics.METRICS, metricsEndpoint, AwsErrors.REST_JSON, Access.METRICS,
                    false);
        } else if (path.equals("/v1") || path.startsWith("/v1/")) {
            destination = new Destination(ServerMetrics.NATIVE, nativeApi, AwsErrors.REST_JSON, Access.SIGNED, true);
        } else {
            destination = new Destination(ServerMetrics.CONTROL, control, AwsErrors.REST_JSON, Access.SIGNED, false);
        }
        metrics.recordRequest(destination.endpointName());
        return destination;
    }

    /** One routed request; used by one thread at a time. */
    private final class Route implements RoutedRequest {
        private final String method;
        private final String rawPath;
        private final String path;
        private final String rawQuery;
        private final Map<String, String> headers;
        private final Destination destination;

        Route(String method, String rawPath, String path, String rawQuery, Map<String, String> headers,
              Destination destination) {
            this.method = method;
            this.rawPath = rawPath;
            this.path = path;
            this.rawQuery = rawQuery;
            this.headers = headers;
            this.destination = destination;
        }

        @Override
        public HttpResponse handle(byte[] body) {
            HttpResponse result;
            try {
                result = destination.access() == Access.CONSOLE ? console.answer(method, path)
                        : authenticateAndHandle(body);
            } catch (RuntimeException | StackOverflowError e) {
                result = internalFailure(method, path, e, destination.contentType());
            }
            return counted(result);
        }

        @Override
        public HttpResponse refuse(int status, String type, String message) {
            return counted(RequestDispatch.refuse(status, type, message, destination.contentType(),
                    destination.nativeRequest()));
        }

        private HttpResponse authenticateAndHandle(byte[] body) {
            Map<String, List<String>> query;
            try {
                query = PercentEncoding.decodeQuery(rawQuery);
            } catch (IllegalArgumentException e) {
                return RequestDispatch.refuse(400, "BadRequestException", "The query string is not valid: "
                        + e.getMessage(), destination.contentType(), destination.nativeRequest());
            }
            HttpRequest parsed = new HttpRequest(method, path, query, headers, body);
            String authorization = headers.get("authorization");
            switch (destination.access()) {
                case HEALTH -> {
                    // Unsigned: status and counts for probes. Signed (or auth off): each ledger's state too.
                    if (verifier == null) {
                        return health.handle(parsed, true);
                    }
                    if (authorization == null && !headers.containsKey("x-amz-date")) {
                        return health.handle(parsed, false);
                    }
                    HttpResponse refused = verify(body);
                    return refused != null ? refused : health.handle(parsed, true);
                }
                case METRICS -> {
                    if (verifier == null || metricsAccess.insecureNoAuth()) {
                        return destination.endpoint().handle(parsed);
                    }
                    if (MetricsAccess.isBearer(authorization)) {
                        if (!metricsAccess.acceptsBearer(authorization)) {
                            return AwsErrors.error(AuthenticationResult.REFUSED_STATUS, "AccessDeniedException",
                                    metricsAccess.bearerToken() == null
                                            ? "/metrics takes a signed request (AWS Signature V4); this server has"
                                            + " no metrics token (--metrics-token-file)"
                                            : "The bearer token is not this server's metrics token",
                                    destination.contentType());
                        }
                        return destination.endpoint().handle(parsed);
                    }
                }
                case SIGNED -> {
                    // verified below
                }
                default -> throw new IllegalStateException("unknown access " + destination.access());
            }
            if (verifier != null) {
                HttpResponse refused = verify(body);
                if (refused != null) {
                    return refused;
                }
            }
            Endpoint endpoint = destination.endpoint();
            String unsupported = ContentTypes.violation(headers.get("content-type"), endpoint == session);
            if (unsupported != null) {
                return RequestDispatch.refuse(415, "UnsupportedMediaTypeException", unsupported,
                        destination.contentType(), destination.nativeRequest());
            }
            RequestForwarding.Api api = endpoint == session ? RequestForwarding.Api.SESSION
                    : destination.nativeRequest() ? RequestForwarding.Api.NATIVE
                    : endpoint == control ? RequestForwarding.Api.CONTROL : null;
            if (forwarding != null && api != null) {
                String target = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
                HttpResponse forwarded = forwarding.forward(parsed, target, api);
                if (forwarded != null) {
                    return forwarded;
                }
            }
            return endpoint.handle(parsed);
        }

        /** The refusal of a request whose signature does not verify, or null when it does. */
        private HttpResponse verify(byte[] body) {
            AuthenticationResult authentication = verifier.verify(new SignedRequest(method, rawPath, rawQuery,
                    headers, body));
            if (authentication.isAuthenticated()) {
                return null;
            }
            return RequestDispatch.refuse(AuthenticationResult.REFUSED_STATUS, authentication.errorType(),
                    authentication.message(), destination.contentType(), destination.nativeRequest());
        }
    }

    private HttpResponse counted(HttpResponse result) {
        String errorType = AwsErrors.errorType(result);
        if (errorType != null) {
            metrics.recordError(errorType);
        }
        return result;
    }

    /** A 500 naming only a request id; the failure is logged once, under that id, for the operator. */
    private static HttpResponse internalFailure(String method, String path, Throwable failure, String contentType) {
        String requestId = InternalFailures.log(LOG, "Request " + method + " " + path, failure);
        return AwsErrors.error(500, AwsErrors.INTERNAL_FAILURE, InternalFailures.message(requestId), contentType,
                Map.of(), requestId);
    }

    /** A refusal before any API saw the request: AWS shape, plus the native shape for {@code /v1}. */
    private static HttpResponse refuse(int status, String type, String message, String contentType,
                                       boolean nativeRequest) {
        if (!nativeRequest) {
            return AwsErrors.error(status, type, message, contentType);
        }
        String code = status == 413 ? "LIMIT_EXCEEDED" : "INVALID_REQUEST";
        return AwsErrors.nativeCompatible(status, type, code, message);
    }
}
