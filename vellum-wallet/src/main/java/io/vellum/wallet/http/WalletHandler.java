package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 * The Jetty handler: reads each request completely (refusing bodies over the limit with 413 before reading them
 * when the length is declared), routes it, and writes the response; every failure becomes the JSON error shape.
 * Runs on Jetty's thread pool and blocks there while the ledger commits.
 */
final class WalletHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WalletHandler.class);

    private final Router router;
    private final int maxBodyBytes;

    WalletHandler(Router router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse answer;
        try {
            answer = router.dispatch(read(request));
        } catch (WalletException e) {
            answer = ErrorResponses.of(e);
            if (e.error() == WalletError.INTERNAL_ERROR) {
                LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), e);
            answer = ErrorResponses.of(500, WalletError.INTERNAL_ERROR.name(), "the wallet failed: " + e, null);
        }
        write(answer, response, callback);
        return true;
    }

    private ApiRequest read(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, more) -> first + ", " + more);
        }
        Map<String, String> query = new HashMap<>();
        Fields parameters = Request.extractQueryParameters(request);
        for (Fields.Field field : parameters) {
            query.put(field.getName(), field.getValue());
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        return new ApiRequest(method, Request.getPathInContext(request), Map.of(), query, headers, body(request));
    }

    private byte[] body(Request request) {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw tooLarge(declared + " bytes declared");
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw tooLarge("more than " + maxBodyBytes + " bytes sent");
            }
            return body;
        } catch (IOException e) {
            throw new WalletException(WalletError.MALFORMED_JSON, "the request body could not be read: " + e);
        }
    }

    private WalletException tooLarge(String what) {
        return new WalletException(WalletError.REQUEST_TOO_LARGE, "the request body may be at most " + maxBodyBytes
                + " bytes; " + what);
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
