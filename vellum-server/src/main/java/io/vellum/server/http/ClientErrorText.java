package io.vellum.server.http;

import java.util.regex.Pattern;

/**
 * Error text as a network client may see it: never a server file path. The engine names journal damage by block,
 * segment file name and byte offset only; this is the second line of defence for messages that come from deeper
 * (an I/O error, a state store message) and is applied to every CORRUPTION and VERIFICATION_FAILED answer.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientErrorText {
    /**
     * An absolute path: a '/' that does not follow a word character (so {@code application/json} and
     * {@code 1/2} stay), then at least two path segments; or a Windows drive path.
     */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(?<![\\w.\\-/])/(?:[^\\s/,;:'\"()\\[\\]{}]+/)+[^\\s,;:'\"()\\[\\]{}]*|\\b[A-Za-z]:\\\\[^\\s,;:'\"]+");

    private ClientErrorText() {
    }

    /** {@code message} with every absolute path replaced by {@code <path>}; null becomes the empty text. */
    public static String withoutServerPaths(String message) {
        if (message == null) {
            return "";
        }
        return ABSOLUTE_PATH.matcher(message).replaceAll("<path>");
    }

    /**
     * The answer to a request that found a damaged ledger: says so, names the ledger, and carries the engine's
     * description of the damage (block, segment file name, byte offset) without server paths.
     */
    public static String damaged(String ledgerName, String engineMessage) {
        return "CORRUPTION: ledger " + (ledgerName == null ? "" : ledgerName + " ") + "is damaged; reads of intact "
                + "data still work, writes and reads of the damaged data are refused: "
                + withoutServerPaths(engineMessage);
    }
}
