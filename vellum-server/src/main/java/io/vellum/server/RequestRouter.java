package io.vellum.server;

import io.vellum.server.auth.AuthenticationResult;
import io.vellum.server.auth.SignatureVerifier;
import io.vellum.server.auth.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: reads the whole body (at most {@value #MAXIMUM_BODY_BYTES} bytes, else 413), checks the
 * SigV4 signature, and routes:
 * <ul>
 *   <li>an {@code X-Amz-Target} header: {@code QLDBSession.SendCommand} (POST) to the Session API, anything else
 *       400 {@code UnknownOperationException};</li>
 *   <li>{@code /health} and {@code /metrics}: served without a signature (probes and Prometheus cannot sign;
 *       they reveal counts only);</li>
 *   <li>{@code /v1} and below: the native API;</li>
 *   <li>everything else: the QLDB control plane (REST-JSON).</li>
 * </ul>
 * Before an endpoint sees a request, a {@code Content-Type} the API cannot read is refused (415, {@link ContentTypes})
 * and so are query escapes that are not UTF-8 (400). Refusals made here for {@code /v1} carry the native error shape
 * as well as AWS's; an unexpected failure is a 500 naming only a request id ({@link InternalFailures}).
 * Thread-safe; runs on Jetty's worker threads and blocks them (the engine's commit waits for the disk). A response
 * with a {@link StreamingBody} (the native API's event stream) keeps its worker thread while the body is written.
 */
final class RequestRouter extends Handler.Abstract {
    /**
     * Largest accepted body. A QLDB transaction holds at most 4 MB of documents; as base64 parameters of one
     * statement that is about 5.5 MB of JSON, so 8 MiB admits every legal request and bounds memory per request.
     */
    static final int MAXIMUM_BODY_BYTES = 8 << 20;
    /** How much of a refused body is drained so that its sender can read the 413 (see {@link #discard}). */
    private static final long MAXIMUM_DISCARDED_BYTES = 4L * MAXIMUM_BODY_BYTES;
    static final String SESSION_TARGET = "QLDBSession.SendCommand";
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final Endpoint session;
    private final Endpoint control;
    private final Endpoint nativeApi;
    private final Endpoint metricsEndpoint;
    private final Endpoint health;
    /** Null when authentication is off. */
    private final SignatureVerifier verifier;
    private final ServerMetrics metrics;

    RequestRouter(Endpoint session, Endpoint control, Endpoint nativeApi, Endpoint metricsEndpoint, Endpoint health,
                  SignatureVerifier verifier, ServerMetrics metrics) {
        super(InvocationType.BLOCKING);
        this.session = session;
        this.control = control;
        this.nativeApi = nativeApi;
        this.metricsEndpoint = metricsEndpoint;
        this.health = health;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpResponse result;
        try {
            result = route(request);
        } catch (RuntimeException | StackOverflowError e) {
            String requestId = InternalFailures.log(LOG, "Request " + request.getMethod() + " "
                    + request.getHttpURI().getPath(), e);
            result = AwsErrors.error(500, AwsErrors.INTERNAL_FAILURE, InternalFailures.message(requestId),
                    errorContentType(request), Map.of(), requestId);
        }
        String errorType = AwsErrors.errorType(result);
        if (errorType != null) {
            metrics.recordError(errorType);
        }
        write(result, response, callback);
        return true;
    }

    private HttpResponse route(Request request) {
        HttpURI uri = request.getHttpURI();
        String method = request.getMethod();
        Map<String, String> headers = headers(request.getHeaders());
        String path = uri.getDecodedPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String target = headers.get("x-amz-target");
        String endpointName;
        Endpoint endpoint;
        boolean signed = true;
        String contentType = AwsErrors.REST_JSON;
        if (target != null) {
            endpointName = ServerMetrics.SESSION;
            contentType = AwsErrors.AWS_JSON_1_0;
            endpoint = target.equals(SESSION_TARGET) && method.equals("POST") ? session
                    : unknown -> AwsErrors.error(400, "UnknownOperationException", "Unknown operation " + target
                    + " (" + method + " " + unknown.path() + "); this server implements " + SESSION_TARGET
                    + " (POST /)");
        } else if (path.equals("/health")) {
            endpointName = ServerMetrics.HEALTH;
            endpoint = health;
            signed = false;
        } else if (path.equals("/metrics")) {
            endpointName = ServerMetrics.METRICS;
            endpoint = metricsEndpoint;
            signed = false;
        } else if (path.equals("/v1") || path.startsWith("/v1/")) {
            endpointName = ServerMetrics.NATIVE;
            endpoint = nativeApi;
        } else {
            endpointName = ServerMetrics.CONTROL;
            endpoint = control;
        }
        metrics.recordRequest(endpointName);
        boolean nativeRequest = endpoint == nativeApi;
        long declaredLength = request.getLength();
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declaredLength > MAXIMUM_BODY_BYTES) {
                discard(in);
                return tooLarge(declaredLength + " bytes", contentType, nativeRequest);
            }
            body = in.readNBytes(MAXIMUM_BODY_BYTES + 1);
            if (body.length > MAXIMUM_BODY_BYTES) {
                discard(in);
                return tooLarge("more than " + MAXIMUM_BODY_BYTES + " bytes", contentType, nativeRequest);
            }
        } catch (IOException e) {
            return refuse(400, "BadRequestException", "The request body could not be read completely", contentType,
                    nativeRequest);
        }
        if (signed && verifier != null) {
            AuthenticationResult authentication = verifier.verify(new SignedRequest(method, uri.getPath(),
                    uri.getQuery(), headers, body));
            if (!authentication.isAuthenticated()) {
                return refuse(AuthenticationResult.REFUSED_STATUS, authentication.errorType(),
                        authentication.message(), contentType, nativeRequest);
            }
        }
        String unsupported = ContentTypes.violation(headers.get("content-type"), endpoint == session);
        if (unsupported != null) {
            return refuse(415, "UnsupportedMediaTypeException", unsupported, contentType, nativeRequest);
        }
        Map<String, List<String>> query;
        try {
            query = PercentEncoding.decodeQuery(uri.getQuery());
        } catch (IllegalArgumentException e) {
            String message = "The query string is not valid: " + e.getMessage();
            return refuse(400, "BadRequestException", message, contentType, nativeRequest);
        }
        return endpoint.handle(new HttpRequest(method, path, query, headers, body));
    }

    /** The error content type for {@code request}'s API: AWS JSON 1.0 with an X-Amz-Target, else REST-JSON. */
    static String errorContentType(Request request) {
        return request.getHeaders().get("X-Amz-Target") != null ? AwsErrors.AWS_JSON_1_0 : AwsErrors.REST_JSON;
    }

    /**
     * Reads and drops what is left of a refused body, up to {@value #MAXIMUM_DISCARDED_BYTES} bytes. A client that is
     * still sending when the server answers and closes gets a TCP reset, which can destroy the 413 before the client
     * reads it; draining a moderately oversized body lets it read the answer. Beyond the bound the connection is
     * closed anyway rather than spend the bandwidth.
     */
    private static void discard(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        for (long left = MAXIMUM_DISCARDED_BYTES, read = 0; left > 0 && read >= 0; left -= read) {
            read = in.read(sink, 0, (int) Math.min(sink.length, left));
        }
    }

    private static HttpResponse tooLarge(String size, String contentType, boolean nativeRequest) {
        return refuse(413, "RequestEntityTooLargeException", "The request body is " + size + "; this"
                + " server accepts at most " + MAXIMUM_BODY_BYTES + " bytes (8 MiB) per request", contentType,
                nativeRequest);
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
            headers.put(header.getKey(), header.getValue());
            hasRequestId |= header.getKey().equalsIgnoreCase(RequestIds.HEADER);
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
