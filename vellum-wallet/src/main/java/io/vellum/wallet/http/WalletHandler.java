package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler ({@code --http-front jetty}): reads each request completely (refusing bodies over the limit with
 * 413, after draining a bounded amount so the client can read the answer), has {@link WalletDispatch} admit, route
 * and serve it, and writes the response; every failure becomes the JSON error shape.
 * Runs on Jetty's thread pool and blocks there while the ledger commits.
 */
final class WalletHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WalletHandler.class);

    private final WalletDispatch dispatch;
    private final int maxBodyBytes;

    WalletHandler(WalletDispatch dispatch) {
        this.dispatch = dispatch;
        this.maxBodyBytes = dispatch.maxBodyBytes();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse answer;
        try {
            Map<String, String> signingHeaders = new HashMap<>();
            ApiRequest read = read(request, signingHeaders);
            answer = dispatch.serve(read, request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                    signingHeaders);
        } catch (WalletException e) {
            answer = ErrorResponses.of(e);
            if (answer.status() >= 500) {
                LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
            }
        } catch (RuntimeException e) {
            if (e instanceof HttpException refusal && refusal.getCode() >= 400 && refusal.getCode() < 500) {
                // Jetty refusing what it was asked to decode (a query that is not percent-encoded UTF-8, …).
                answer = ErrorResponses.of(refusal.getCode(), WalletError.MALFORMED_REQUEST.name(), "the HTTP "
                        + "request is malformed (its URI or headers cannot be decoded)", null);
            } else {
                LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
                answer = ErrorResponses.of(new WalletException(WalletError.INTERNAL_ERROR, "unexpected failure"));
            }
        }
        write(answer, response, callback);
        return true;
    }

    private ApiRequest read(Request request, Map<String, String> signingHeaders) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            String value = field.getValue() == null ? "" : field.getValue();
            headers.merge(field.getLowerCaseName(), value, (first, more) -> first + ", " + more);
            signingHeaders.merge(field.getLowerCaseName(), value, (first, more) -> first + "," + more);
        }
        Map<String, String> query = Map.of();
        Set<String> repeated = Set.of();
        if (request.getHttpURI().getQuery() != null) { // most requests have none: nothing to decode then
            query = new HashMap<>();
            repeated = new HashSet<>();
            Fields parameters = Request.extractQueryParameters(request);
            for (Fields.Field field : parameters) {
                query.put(field.getName(), field.getValue());
                if (field.getValues().size() > 1) {
                    repeated.add(field.getName());
                }
            }
        }
        String rawPath = request.getHttpURI().getPath();
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.indexOf(';') >= 0) {
            // Jetty drops ";parameters" from the path it routes by; a path that means two things is refused, in the
            // words Vellum's own front refuses it with.
            throw ErrorResponses.malformedHttp();
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        return new ApiRequest(method, Request.getPathInContext(request), Map.of(), query, repeated, headers,
                body(request));
    }

    private byte[] body(Request request) {
        long declared = request.getLength();
        try (InputStream in = Request.asInputStream(request)) {
            if (declared > maxBodyBytes) {
                discard(in);
                throw dispatch.tooLarge(declared);
            }
            // A declared length is read into an array of that size at once (a body may still be shorter or longer
            // than declared: Jetty ends the stream where the length says, and the check below stays).
            byte[] body = declared >= 0 ? readDeclared(in, (int) declared) : in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                discard(in);
                throw dispatch.tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            // The client broke the transfer off or sent a malformed chunked body; Jetty's words are not ours.
            throw new WalletException(WalletError.MALFORMED_REQUEST, "the request body could not be read to its end");
        }
    }

    /** The body of a request that declared its length ({@code declared <= maxBodyBytes}), and what follows it. */
    private byte[] readDeclared(InputStream in, int declared) throws IOException {
        byte[] body = in.readNBytes(declared);
        int next = in.read();
        if (next < 0) {
            return body;
        }
        // More than declared: read on as an undeclared body would be, so the limit check refuses it alike.
        byte[] rest = in.readNBytes(maxBodyBytes - declared);
        byte[] all = new byte[declared + 1 + rest.length];
        System.arraycopy(body, 0, all, 0, declared);
        all[declared] = (byte) next;
        System.arraycopy(rest, 0, all, declared + 1, rest.length);
        return all;
    }

    /**
     * Reads and drops the rest of a refused body, up to a bound. A client still sending when the answer goes out and
     * the connection closes gets a TCP reset that can destroy the 413 before it is read; beyond the bound the
     * connection is closed anyway rather than spend the bandwidth.
     */
    private void discard(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        for (long left = Math.max(1 << 20, 4L * maxBodyBytes), read = 0; left > 0 && read >= 0; left -= read) {
            read = in.read(sink, 0, (int) Math.min(sink.length, left));
        }
    }

    private static void write(ApiResponse answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        if (answer.contentType() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }
}
