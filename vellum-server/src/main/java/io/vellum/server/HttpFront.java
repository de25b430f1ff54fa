package io.vellum.server;

import java.util.Locale;

/**
 * Which HTTP front serves the server's port. Both call the same dispatch ({@link RequestDispatch}); they differ in
 * how connections are read and answered.
 */
public enum HttpFront {
    /** Jetty: selectors hand each request to a pooled worker thread; bodies are read without holding a thread. */
    JETTY,
    /**
     * Vellum's own front ({@link io.vellum.server.front.ThreadPerConnectionFront}): one platform thread per
     * connection, blocked in {@code read}; cheaper per request (no selector, no hand-off), a thread per open
     * connection.
     */
    THREADS;

    /**
     * The system property that chooses the front when a configuration does not ({@code jetty} or {@code threads});
     * the test suites run their wire-facing classes a second time with it set to {@code jetty}.
     */
    public static final String PROPERTY = "vellum.httpFront";

    /** The front named {@code text} ({@code jetty} or {@code threads}, any case). */
    public static HttpFront parse(String text) {
        for (HttpFront front : values()) {
            if (front.name().equalsIgnoreCase(text.strip())) {
                return front;
            }
        }
        throw new IllegalArgumentException("unknown HTTP front '" + text + "': use jetty or threads");
    }

    /**
     * The front {@value #PROPERTY} names, or {@link #THREADS}: Vellum's own front is the default since session 10
     * (docs/DECISIONS.md, "Vellum's own front becomes the default").
     */
    public static HttpFront byDefault() {
        String chosen = System.getProperty(PROPERTY);
        return chosen == null || chosen.isBlank() ? THREADS : parse(chosen);
    }

    /** The name {@code --http-front} takes. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
