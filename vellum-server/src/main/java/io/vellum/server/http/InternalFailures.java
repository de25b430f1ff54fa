package io.vellum.server.http;

import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The one way an unexpected failure becomes a 500: a generic message that names only the request id, and one log
 * entry for the operator under that id. The client never sees an exception's class or message (they can carry
 * library internals and file paths). A {@link StackOverflowError} is logged as one line with its first frames: its
 * full trace is a thousand repeated lines. Stateless.
 */
public final class InternalFailures {
    private static final int LOGGED_FRAMES = 8;
    /** A qualified Java class name ({@code java.nio.file.NoSuchFileException}), with a following ": ". */
    private static final Pattern JAVA_CLASS = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");
    /** An absolute path of two or more segments ({@code /data/ledgers/x/journal}). */
    private static final Pattern FILE_PATH = Pattern.compile(
            "(?<![\\w.>])/(?:[^\\s/'\":,;()\\[\\]]+/)+[^\\s/'\":,;()\\[\\]]*");

    private InternalFailures() {
    }

    /** Logs {@code failure} of {@code what} under a new request id and returns the id. */
    public static String log(Logger log, String what, Throwable failure) {
        String requestId = RequestIds.next();
        if (failure instanceof StackOverflowError) {
            StringBuilder frames = new StringBuilder();
            StackTraceElement[] trace = failure.getStackTrace();
            for (int i = 0; i < Math.min(LOGGED_FRAMES, trace.length); i++) {
                frames.append(i == 0 ? "" : " <- ").append(trace[i]);
            }
            log.error("{} (request id {}) failed: stack overflow ({} frames; top: {})", what, requestId, trace.length,
                    frames);
        } else {
            log.error("{} (request id {}) failed unexpectedly", what, requestId, failure);
        }
        return requestId;
    }

    /** The message a client gets: no detail beyond the request id that names the log entry. */
    public static String message(String requestId) {
        return "Internal failure; request id " + requestId + " names it in the server log";
    }

    /**
     * {@code message} as a 5xx answer may show it: a server-side failure's message (an engine UNAVAILABLE or
     * CORRUPTION) can name files and wrap an I/O exception's {@code toString()}, which are the operator's business
     * (the log has them), so absolute file paths become {@code <file>} and Java exception class names are removed.
     * Messages of 4xx answers are the client's and are left alone.
     */
    public static String publicMessage(int status, String message) {
        if (status < 500 || message == null) {
            return message;
        }
        String withoutClasses = JAVA_CLASS.matcher(message).replaceAll("");
        return FILE_PATH.matcher(withoutClasses).replaceAll("<file>");
    }

    /** Whether {@code e}'s message was written by Vellum's code (thrown from an {@code io.vellum} class). */
    public static boolean isOwnMessage(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getMessage() != null && trace.length > 0 && trace[0].getClassName().startsWith("io.vellum.");
    }
}
