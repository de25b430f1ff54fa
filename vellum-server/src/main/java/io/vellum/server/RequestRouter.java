package io.vellum.server;

import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.RequestBodyReader;
import io.vellum.server.http.RequestIds;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import io.vellum.server.http.StreamingBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The one Jetty handler, a thin adapter to the server's one dispatch ({@link RequestRoutes}, {@link RequestDispatch}):
 * routes a request from its head, reads the whole body (at most {@value #MAXIMUM_BODY_BYTES} bytes, else 413) without
 * holding a thread while it arrives ({@link RequestBodyReader}), lets the dispatch serve it and writes the answer
 * (a {@code HEAD} request gets the headers only). Thread-safe; the dispatch runs on Jetty's worker threads and
 * blocks them (the engine's commit waits for the disk). A response with a {@link StreamingBody} (the native API's
 * event stream) keeps its worker thread while the body is written.
 */
final class RequestRouter extends Handler.Abstract {
    /** Largest accepted body (the input limits' bound, {@link InputLimits#MAXIMUM_BODY_BYTES}). */
    static final int MAXIMUM_BODY_BYTES = InputLimits.MAXIMUM_BODY_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);
    private static final HttpField AWS_JSON_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            AwsErrors.AWS_JSON_1_0);

    private final RequestRoutes routes;
    private final ConnectionLimits limits;

    RequestRouter(RequestRoutes routes, ConnectionLimits limits) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpURI uri = request.getHttpURI();
        RoutedRequest route = routes.route(request.getMethod(), uri.getPath(), uri.getDecodedPath(), uri.getQuery(),
                headers(request.getHeaders()));
        boolean head = request.getMethod().equals("HEAD");
        Thread handlerThread = Thread.currentThread();
        AtomicBoolean starting = new AtomicBoolean(true);
        new RequestBodyReader(request, MAXIMUM_BODY_BYTES, limits, route, result -> {
            Runnable finish = () -> write(result.refused() ? result.refusal() : route.handle(result.body()), head,
                    response, callback);
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

    private static void write(HttpResponse result, boolean head, Response response, Callback callback) {
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
        if (result.isStreaming()) { // streamed also for HEAD: the body owns resources released only by writing it
            stream(result.streamingBody(), response, callback);
            return;
        }
        byte[] body = result.body() == null ? new byte[0] : result.body();
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(head ? new byte[0] : body), callback);
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
