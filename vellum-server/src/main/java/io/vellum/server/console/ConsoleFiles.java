package io.vellum.server.console;

import io.vellum.server.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of the web console's static files at {@code /console/}: {@code /console} redirects to
 * {@code /console/}, which is {@code index.html}; a file of {@link ConsoleAssets#NAMES} is served with its media type;
 * any other name is 404; a method other than GET and HEAD is 405. (The server's HTTP layer writes these answers and
 * leaves out the body of a HEAD.)
 *
 * <p>Every answer carries {@link #CONTENT_SECURITY_POLICY}: scripts, styles, images and requests from this origin
 * only, no inline script or style, no eval, no framing, no form submission anywhere; plus {@code nosniff}, no
 * referrer, {@code DENY} framing, and {@code no-cache} so a new server version's files are fetched again. The files
 * hold no data and no secret, so they need no signature; the API calls the page makes are signed by the browser.
 * Immutable and thread-safe.
 */
public final class ConsoleFiles {
    /** Where the console lives. */
    public static final String PATH = "/console";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> SECURITY_HEADERS = securityHeaders();

    private final ConsoleAssets assets;

    private ConsoleFiles(ConsoleAssets assets) {
        this.assets = assets;
    }

    /** Every console file, read from the jar; a missing one fails here (a packaging bug), at the server's start. */
    public static ConsoleFiles load() {
        return new ConsoleFiles(ConsoleAssets.load());
    }

    /** Whether {@code decodedPath} belongs to the console (then {@link #answer} answers it). */
    public static boolean isConsolePath(String decodedPath) {
        return decodedPath != null && (decodedPath.equals(PATH) || decodedPath.startsWith(PATH + "/"));
    }

    /** The answer to {@code method} on {@code decodedPath}, a console path. */
    public HttpResponse answer(String method, String decodedPath) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return text(405, "The console answers GET and HEAD, not " + method, Map.of("Allow", "GET, HEAD"));
        }
        if (decodedPath.equals(PATH)) {
            return text(301, "The console is at " + PATH + "/", Map.of("Location", PATH + "/"));
        }
        String name = decodedPath.substring(PATH.length() + 1);
        ConsoleAssets.Asset asset = assets.get(name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            return text(404, "The console has no file " + decodedPath, Map.of());
        }
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Content-Type", asset.contentType());
        return new HttpResponse(200, headers, asset.body());
    }

    private static HttpResponse text(int status, String message, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.putAll(extraHeaders);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new HttpResponse(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Cache-Control", "no-cache");
        return Map.copyOf(headers);
    }
}
