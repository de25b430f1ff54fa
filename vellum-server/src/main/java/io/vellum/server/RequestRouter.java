package io.vellum.server;

import io.vellum.server.auth.AuthenticationResult;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.auth.SignedRequest;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.ContentTypes;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.InternalFailures;
import io.vellum.server.http.PercentEncoding;
import io.vellum.server.http.RequestBodyReader;
import io.vellum.server.http.RequestForwarding;
import io.vellum.server.http.RequestIds;
import io.vellum.server.http.StreamingBody;
import io.vellum.server.metrics.MetricsAccess;
import io.vellum.server.metrics.ServerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: reads the whole body (at most {@value #MAXIMUM_BODY_BYTES} bytes, else 413) without holding
 * a thread while it arrives ({@link RequestBodyReader}), checks the SigV4 signature, and routes:
 * <ul>
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
 * as well as AWS's; an unexpected failure is a 500 naming only a request id ({@link InternalFailures}).
 * Thread-safe; endpoints run on Jetty's worker threads and block them (the engine's commit waits for the disk). A
 * response with a {@link StreamingBody} (the native API's event stream) keeps its worker thread while the body is
 * written.
 */
final class RequestRouter extends Handler.Abstract {
    /** Largest accepted body (the input limits' bound, {@link InputLimits#MAXIMUM_BODY_BYTES}). */
    static final int MAXIMUM_BODY_BYTES = InputLimits.MAXIMUM_BODY_BYTES;
    static final String SESSION_TARGET = "QLDBSession.SendCommand";
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    private static final HttpField AWS_JSON_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            AwsErrors.AWS_JSON_1_0);

    private final Endpoint session;
    private final Endpoint control;
    private final Endpoint nativeApi;
    private final Endpoint metricsEndpoint;
    private final HealthEndpoint health;
    /** Null when authentication is off. */
    private final SignatureVerifier verifier;
    private final MetricsAccess metricsAccess;
    private final ConnectionLimits limits;
    private final ServerMetrics metrics;
    /** Null on a single node. */
    private final RequestForwarding forwarding;

    /** How a request must prove itself. */
    private enum Access { SIGNED, HEALTH, METRICS }

    /** Where a request goes, decided from its headers before its body is read. */
    private record Route(String endpointName, Endpoint endpoint, String contentType, Access access,
                         boolean nativeRequest) {
    }

    RequestRouter(Endpoint session, Endpoint control, Endpoint nativeApi, Endpoint metricsEndpoint,
                  HealthEndpoint health, SignatureVerifier verifier, MetricsAccess metricsAccess,
                  ConnectionLimits limits, ServerMetrics metrics) {
        this(session, control, nativeApi, metricsEndpoint, health, verifier, metricsAccess, limits, metrics, null);
    }

    /** @param forwarding cluster mode's forwarding to ledger writers; null on a single node */
    RequestRouter(Endpoint session, Endpoint control, Endpoint nativeApi, Endpoint metricsEndpoint,
                  HealthEndpoint health, SignatureVerifier verifier, MetricsAccess metricsAccess,
                  ConnectionLimits limits, ServerMetrics metrics, RequestForwarding forwarding) {
        super(InvocationType.BLOCKING);
        this.forwarding = forwarding;
        this.session = session;
        this.control = control;
        this.nativeApi = nativeApi;
        this.metricsEndpoint = metricsEndpoint;
        this.health = health;
        this.verifier = verifier;
        this.metricsAccess = metricsAccess;
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Route route;
        try {
            route = route(request);
        } catch (RuntimeException | StackOverflowError e) {
            respond(internalFailure(request, e, errorContentType(request)), response, callback);
            return true;
        }
        Thread handlerThread = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean starting = new java.util.concurrent.atomic.AtomicBoolean(true);
        new RequestBodyReader(request, MAXIMUM_BODY_BYTES, limits,
                (status, type, message) -> refuse(status, type, message, route.contentType(), route.nativeRequest()),
                result -> {
            Runnable finish = () -> finish(request, route, result, response, callback);
            if (starting.get() && Thread.currentThread() == handlerThread) {
                finish.run(); // the body was all there: no hand-off
            } else {
                // The last bytes came later, on whatever thread Jetty delivered them (a selector thread must not
                // block; the same pool thread may serve as one once this handler returned).
                request.getComponents().getExecutor().execute(finish);
            }
        }).start();
        starting.set(false);
        return true;
    }

    private void finish(Request request, Route route, RequestBodyReader.Result body, Response response,
                        Callback callback) {
        HttpResponse result;
        try {
            result = body.refused() ? body.refusal() : authenticateAndHandle(request, route, body.body());
        } catch (RuntimeException | StackOverflowError e) {
            result = internalFailure(request, e, route.contentType());
        }
        respond(result, response, callback);
    }

    /** A 500 naming only a request id; the failure is logged once, under that id, for the operator. */
    private static HttpResponse internalFailure(Request request, Throwable failure, String contentType) {
        String requestId = InternalFailures.log(LOG, "Request " + request.getMethod() + " "
                + request.getHttpURI().getPath(), failure);
        return AwsErrors.error(500, AwsErrors.INTERNAL_FAILURE, InternalFailures.message(requestId), contentType,
                Map.of(), requestId);
    }

    /** The error content type for {@code request}'s API: AWS JSON 1.0 with an X-Amz-Target, else REST-JSON. */
    static String errorContentType(Request request) {
        return request.getHeaders().get("X-Amz-Target") != null ? AwsErrors.AWS_JSON_1_0 : AwsErrors.REST_JSON;
    }

    private void respond(HttpResponse result, Response response, Callback callback) {
        String errorType = AwsErrors.errorType(result);
        if (errorType != null) {
            metrics.recordError(errorType);
        }
        write(result, response, callback);
    }

    private Route route(Request request) {
        String method = request.getMethod();
        String path = path(request);
        String target = request.getHeaders().get("X-Amz-Target");
        Route route;
        if (target != null) {
            Endpoint endpoint = target.equals(SESSION_TARGET) && method.equals("POST") ? session
                    : unknown -> AwsErrors.error(400, "UnknownOperationException", "Unknown operation " + target
                    + " (" + method + " " + unknown.path() + "); this server implements " + SESSION_TARGET
                    + " (POST /)");
            route = new Route(ServerMetrics.SESSION, endpoint, AwsErrors.AWS_JSON_1_0, Access.SIGNED, false);
        } else if (path.equals("/health")) {
            route = new Route(ServerMetrics.HEALTH, null, AwsErrors.REST_JSON, Access.HEALTH, false);
        } else if (path.equals("/metrics")) {
            route = new Route(ServerMetrics.METRICS, metricsEndpoint, AwsErrors.REST_JSON, Access.METRICS, false);
        } else if (path.equals("/v1") || path.startsWith("/v1/")) {
            route = new Route(ServerMetrics.NATIVE, nativeApi, AwsErrors.REST_JSON, Access.SIGNED, true);
        } else {
            route = new Route(ServerMetrics.CONTROL, control, AwsErrors.REST_JSON, Access.SIGNED, false);
        }
        metrics.recordRequest(route.endpointName());
        return route;
    }

    private HttpResponse authenticateAndHandle(Request request, Route route, byte[] body) {
        HttpURI uri = request.getHttpURI();
        String method = request.getMethod();
        Map<String, String> headers = headers(request.getHeaders());
        Map<String, List<String>> query;
        try {
            query = PercentEncoding.decodeQuery(uri.getQuery());
        } catch (IllegalArgumentException e) {
            return refuse(400, "BadRequestException", "The query string is not valid: " + e.getMessage(),
                    route.contentType(), route.nativeRequest());
        }
        HttpRequest parsed = new HttpRequest(method, path(request), query, headers, body);
        String authorization = headers.get("authorization");
        switch (route.access()) {
            case HEALTH -> {
                // Unsigned: status and counts for probes. Signed (or auth off): each ledger's state too.
                if (verifier == null) {
                    return health.handle(parsed, true);
                }
                if (authorization == null && !headers.containsKey("x-amz-date")) {
                    return health.handle(parsed, false);
                }
                HttpResponse refused = verify(request, headers, body, route);
                return refused != null ? refused : health.handle(parsed, true);
            }
            case METRICS -> {
                if (verifier == null || metricsAccess.insecureNoAuth()) {
                    return route.endpoint().handle(parsed);
                }
                if (MetricsAccess.isBearer(authorization)) {
                    if (!metricsAccess.acceptsBearer(authorization)) {
                        return AwsErrors.error(AuthenticationResult.REFUSED_STATUS, "AccessDeniedException",
                                metricsAccess.bearerToken() == null
                                        ? "/metrics takes a signed request (AWS Signature V4); this server has no"
                                        + " metrics token (--metrics-token-file)"
                                        : "The bearer token is not this server's metrics token", route.contentType());
                    }
                    return route.endpoint().handle(parsed);
                }
            }
            case SIGNED -> {
                // verified below
            }
            default -> throw new IllegalStateException("unknown access " + route.access());
        }
        if (verifier != null) {
            HttpResponse refused = verify(request, headers, body, route);
            if (refused != null) {
                return refused;
            }
        }
        String unsupported = ContentTypes.violation(headers.get("content-type"), route.endpoint() == session);
        if (unsupported != null) {
            return refuse(415, "UnsupportedMediaTypeException", unsupported, route.contentType(),
                    route.nativeRequest());
        }
        RequestForwarding.Api api = route.endpoint() == session ? RequestForwarding.Api.SESSION
                : route.nativeRequest() ? RequestForwarding.Api.NATIVE
                : route.endpoint() == control ? RequestForwarding.Api.CONTROL : null;
        if (forwarding != null && api != null) {
            String target = uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
            HttpResponse forwarded = forwarding.forward(parsed, target, api);
            if (forwarded != null) {
                return forwarded;
            }
        }
        return route.endpoint().handle(parsed);
    }

    /** The refusal of a request whose signature does not verify, or null when it does. */
    private HttpResponse verify(Request request, Map<String, String> headers, byte[] body, Route route) {
        HttpURI uri = request.getHttpURI();
        AuthenticationResult authentication = verifier.verify(new SignedRequest(request.getMethod(), uri.getPath(),
                uri.getQuery(), headers, body));
        if (authentication.isAuthenticated()) {
            return null;
        }
        return refuse(AuthenticationResult.REFUSED_STATUS, authentication.errorType(), authentication.message(),
                route.contentType(), route.nativeRequest());
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

    private static String path(Request request) {
        String path = request.getHttpURI().getDecodedPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** Header values by lower-case name, repeated headers joined with "," (as SigV4 canonicalises them). */
    private static Map<String, String> headers(HttpFields fields) {
        Map<String, String> headers = new HashMap<>(fields.size() * 2);
        for (HttpField field : fields) {
            String name = field.getLowerCaseName();
            String value = field.getValue() == null ? "" : field.getValue();
            headers.merge(name, value, (first, second) -> first + "," + second);
        }
        return headers;
    }

    private static void write(HttpResponse result, Response response, Callback callback) {
        response.setStatus(result.status());
        HttpFields.Mutable headers = response.getHeaders();
        boolean hasRequestId = false;
        for (Map.Entry<String, String> header : result.headers().entrySet()) {
            String name = header.getKey();
            if (name.equals("Content-Type") && header.getValue().equals(AwsErrors.AWS_JSON_1_0)) {
                // Every Session API answer has it: a field encoded once, not a new field per response.
                headers.put(AWS_JSON_CONTENT_TYPE);
            } else {
                headers.put(name, header.getValue());
            }
            hasRequestId |= name.equalsIgnoreCase(RequestIds.HEADER);
        }
        if (!hasRequestId) {
            headers.put(RequestIds.HEADER, RequestIds.next());
        }
        if (result.isStreaming()) {
            stream(result.streamingBody(), response, callback);
            return;
        }
        byte[] body = result.body() == null ? new byte[0] : result.body();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Runs a streaming body on this (request) thread with blocking writes: the status and headers go out with the
     * first write, without a Content-Length, so the body is chunked and each flush reaches the client. A client
     * that goes away fails the callback (the connection is dropped); a clean return ends the chunked body.
     */
    private static void stream(StreamingBody body, Response response, Callback callback) {
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            body.writeTo(out);
            out.close();
            callback.succeeded();
        } catch (IOException e) {
            LOG.debug("Streaming response ended by the client: {}", e.toString());
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.warn("Streaming response failed", e);
            callback.failed(e);
        }
    }
}
