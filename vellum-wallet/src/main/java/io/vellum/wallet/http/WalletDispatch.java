package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both HTTP fronts do with a request they have read whole: admit it ({@link RequestGuard}), route it
 * ({@link Router}), and turn every refusal and failure into the JSON error shape ({@link ErrorResponses}); a
 * server-side failure is logged here and answered with a fixed message. The fronts differ only in how they read
 * the request and write the answer ({@link WalletHandler} on Jetty, {@link WalletFrontRoutes} on Vellum's own
 * front). Thread-safe.
 */
final class WalletDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(WalletDispatch.class);

    private final Router router;
    private final RequestGuard guard;
    private final int maxBodyBytes;

    WalletDispatch(Router router, RequestGuard guard, int maxBodyBytes) {
        this.router = router;
        this.guard = guard;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The largest request body accepted; larger ones are refused (413) before they are read to their end. */
    int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Serves one request; never throws.
     *
     * @param rawPath        the path exactly as sent
     * @param rawQuery       the query exactly as sent, or null
     * @param signingHeaders header values by lower-case name, repeated ones joined with "," (as SigV4 reads them)
     */
    ApiResponse serve(ApiRequest request, String rawPath, String rawQuery, Map<String, String> signingHeaders) {
        try {
            guard.admit(request, rawPath, rawQuery, signingHeaders);
            return router.dispatch(request);
        } catch (WalletException e) {
            ApiResponse answer = ErrorResponses.of(e);
            if (answer.status() >= 500) {
                LOG.error("{} {} failed", request.method(), request.path(), e);
            }
            return answer;
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return ErrorResponses.of(new WalletException(WalletError.INTERNAL_ERROR, "unexpected failure"));
        }
    }

    /**
     * The refusal of a body over the limit, worded alike on both fronts.
     *
     * @param declared the length the request declared, or -1 when it sent its body chunked
     */
    WalletException tooLarge(long declared) {
        return new WalletException(WalletError.REQUEST_TOO_LARGE, "the request body may be at most " + maxBodyBytes
                + " bytes; " + (declared >= 0 ? declared + " bytes declared" : "more than " + maxBodyBytes
                + " bytes sent"));
    }
}
