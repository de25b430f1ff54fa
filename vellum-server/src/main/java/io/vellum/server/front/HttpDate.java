package io.vellum.server.front;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's value (IMF-fixdate, RFC 9110 section 5.6.7), formatted once a second. The AWS SDKs correct
 * their clock skew from the Date of a "Signature expired" answer. Thread-safe.
 */
final class HttpDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private record Formatted(long second, String text) {
    }

    private static volatile Formatted current = new Formatted(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /** Now, to the second. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Formatted formatted = current;
        if (formatted.second() != second) {
            formatted = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
            current = formatted;
        }
        return formatted.text();
    }
}
