package io.vellum.server.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The refusals of a request body, worded the same by both fronts: too large (413), arriving too slowly after the
 * grace period (408), nothing arriving for the idle timeout (408), unreadable (400). Each answer carries
 * {@code Connection: close}: the rest of the body is not read, so the connection cannot carry another request.
 * Immutable and thread-safe.
 */
public final class BodyRefusals {
    private final RoutedRequest route;
    private final int maximumBytes;
    private final ConnectionLimits limits;

    /** @param route gives each refusal the error shape of the API the request is for */
    public BodyRefusals(RoutedRequest route, int maximumBytes, ConnectionLimits limits) {
        this.route = route;
        this.maximumBytes = maximumBytes;
        this.limits = limits;
    }

    /** @param size what is known of the body's size, e.g. "9000000 bytes" or "more than 8388608 bytes" */
    public HttpResponse tooLarge(String size) {
        return closing(413, "RequestEntityTooLargeException", "The request body is " + size + "; this server"
                + " accepts at most " + maximumBytes + " bytes (" + (maximumBytes >> 20) + " MiB) per request");
    }

    /**
     * The refusal of a body of which {@code received} bytes arrived in {@code elapsedNanos} since its headers, or
     * null while it keeps up with {@link ConnectionLimits#minimumBodyRate()} (or is within the grace period).
     */
    public HttpResponse tooSlow(long received, long elapsedNanos) {
        long minimum = limits.minimumBodyRate();
        if (minimum == 0 || elapsedNanos <= limits.bodyGracePeriod().toNanos()) {
            return null;
        }
        double seconds = elapsedNanos / 1e9;
        if (received >= minimum * seconds) {
            return null;
        }
        return closing(408, "RequestTimeoutException", "The request body arrived at " + (long) (received / seconds)
                + " bytes/s (" + received + " bytes in " + String.format(Locale.ROOT, "%.1f", seconds) + " s); this"
                + " server needs at least " + minimum + " bytes/s after the first "
                + limits.bodyGracePeriod().toSeconds() + " s");
    }

    /** Nothing arrived for the idle timeout. */
    public HttpResponse idle() {
        return closing(408, "RequestTimeoutException", "No part of the request arrived for "
                + limits.idleTimeout().toSeconds() + " s; the request was abandoned");
    }

    /** The body could not be read. */
    public HttpResponse unreadable() {
        return closing(400, "BadRequestException", "The request body could not be read");
    }

    private HttpResponse closing(int status, String type, String message) {
        HttpResponse error = route.refuse(status, type, message);
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put("Connection", "close");
        return new HttpResponse(error.status(), headers, error.body());
    }
}
