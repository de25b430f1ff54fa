package io.vellum.wallet.http;

import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestRoutes;
import io.vellum.server.http.RoutedRequest;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallet on Vellum's own thread-per-connection front ({@code --http-front threads}, the default): the front
 * parses and frames HTTP, this turns each request into the wallet's {@link ApiRequest} and its answer back, and
 * {@link WalletDispatch} serves it, as on Jetty. What the front refuses itself is answered in the wallet's JSON
 * error shape and words, the same as on Jetty ({@link ErrorResponses#unrouted}); its body limit is the wallet's
 * (a declared length over it is refused before any of the body is read, a chunked body is stopped at it), and
 * chunked bodies are read, since the wallet's clients may send them. Thread-safe.
 */
final class WalletFrontRoutes implements RequestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WalletFrontRoutes.class);
    private final WalletDispatch dispatch;

    WalletFrontRoutes(WalletDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public int maximumBodyBytes() {
        return dispatch.maxBodyBytes();
    }

    @Override
    public boolean acceptsChunkedBodies() {
        return true;
    }

    @Override
    public HttpResponse refuseUnrouted(int status, boolean sessionApi) {
        return response(ErrorResponses.unrouted(status));
    }

    @Override
    public RoutedRequest route(String method, String rawPath, String decodedPath, String rawQuery,
                               Map<String, String> headers) {
        return new RoutedRequest() {
            @Override
            public HttpResponse handle(byte[] body) {
                ApiResponse answer;
                try {
                    ApiRequest request = request(method, rawPath, rawQuery, headers, body);
                    answer = dispatch.serve(request, rawPath, rawQuery, headers);
                } catch (WalletException e) {
                    answer = ErrorResponses.of(e);
                } catch (RuntimeException e) { // reading the request failed unexpectedly: never thrown at the front
                    LOG.error("{} {} failed", method, rawPath, e);
                    answer = ErrorResponses.of(new WalletException(WalletError.INTERNAL_ERROR, "unexpected failure"));
                }
                return response(answer);
            }

            @Override
            public HttpResponse refuse(int status, String type, String message) {
                return response(switch (status) {
                    case 413 -> ErrorResponses.of(dispatch.tooLarge(declaredLength(headers)));
                    // As on Jetty: a chunked body whose framing is broken.
                    case 400 -> ErrorResponses.of(new WalletException(WalletError.MALFORMED_REQUEST,
                            "the request body could not be read to its end"));
                    // The front's own words for a body too slow or stalled: they name only sizes and rates.
                    case 408 -> ErrorResponses.of(408, WalletError.MALFORMED_REQUEST.name(), message, null);
                    default -> ErrorResponses.unrouted(status);
                });
            }
        };
    }

    /**
     * The request as the wallet reads it: the method in upper case, the path as sent (the front refused dot
     * segments, empty segments and {@code ;} already), the query decoded as Jetty decodes it (so both fronts accept
     * and refuse the same queries).
     */
    private static ApiRequest request(String method, String rawPath, String rawQuery, Map<String, String> headers,
                                      byte[] body) {
        if (ambiguous(rawPath)) {
            throw ErrorResponses.malformedHttp();
        }
        Map<String, String> query = Map.of();
        Set<String> repeated = Set.of();
        if (rawQuery != null && !rawQuery.isEmpty()) { // most requests have none: nothing to decode then
            Fields fields = new Fields();
            try {
                UrlEncoded.decodeUtf8To(rawQuery, fields);
            } catch (IllegalArgumentException e) {
                throw new WalletException(WalletError.MALFORMED_REQUEST, "the HTTP request is malformed (its URI or "
                        + "headers cannot be decoded)");
            }
            query = new HashMap<>();
            repeated = new HashSet<>();
            for (Fields.Field field : fields) {
                query.put(field.getName(), field.getValue());
                if (field.getValues().size() > 1) {
                    repeated.add(field.getName());
                }
            }
        }
        return new ApiRequest(method.toUpperCase(Locale.ROOT), rawPath, Map.of(), query, repeated, headers, body);
    }

    /**
     * Whether the path escapes {@code /} or {@code %}: the front decodes both (the server's control plane needs an
     * escaped {@code /}), Jetty refuses them as ambiguous, and the wallet takes no such path: refused alike (400).
     */
    private static boolean ambiguous(String rawPath) {
        for (int at = rawPath.indexOf('%'); at >= 0; at = rawPath.indexOf('%', at + 1)) {
            if (at + 2 < rawPath.length() && (rawPath.charAt(at + 1) == '2')
                    && "fF5".indexOf(rawPath.charAt(at + 2)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The Content-Length the request declared, or -1 (a chunked body). */
    private static long declaredLength(Map<String, String> headers) {
        String declared = headers.get("content-length");
        try {
            return declared == null ? -1 : Long.parseLong(declared);
        } catch (NumberFormatException e) {
            return -1; // the front refused such a length before; never reached
        }
    }

    private static HttpResponse response(ApiResponse answer) {
        Map<String, String> headers = answer.headers();
        if (answer.contentType() != null) {
            headers = new HashMap<>(headers);
            headers.put("Content-Type", answer.contentType());
        }
        return new HttpResponse(answer.status(), headers, answer.body());
    }
}
