package io.vellum.server.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the web console's static files at {@code /console/} and declines every other path (returns false, so the
 * next handler, the API router, gets the request). {@code /console} redirects to {@code /console/}, which is
 * {@code index.html}; only GET and HEAD are answered (else 405).
 *
 * <p>Every answer carries {@link #CONTENT_SECURITY_POLICY}: scripts, styles, images and requests from this origin
 * only, no inline script or style, no eval, no frames, no forms posting elsewhere; plus {@code nosniff}, no
 * referrer, and {@code no-cache} so a new server version's files are fetched again (revalidated by ETag-less GET;
 * they are small). The files hold no data and no secret, so they need no signature; the API calls they make are
 * signed by the browser. Thread-safe.
 */
public final class ConsoleHandler extends Handler.Abstract.NonBlocking {
    /** Where the console lives. */
    public static final String PATH = "/console";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ConsoleAssets assets;

    private ConsoleHandler(ConsoleAssets assets) {
        this.assets = assets;
    }

    /** A handler with every console file loaded from the jar. */
    public static ConsoleHandler create() {
        return new ConsoleHandler(ConsoleAssets.load());
    }

    /** Whether {@code path} (decoded) belongs to the console. */
    public static boolean isConsolePath(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (!isConsolePath(path)) {
            return false;
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, 405, "The console answers GET and HEAD, not " + method, false);
        }
        if (path.equals(PATH)) {
            headers.put(HttpHeader.LOCATION, PATH + "/");
            return text(response, callback, 301, "The console is at " + PATH + "/", head);
        }
        String name = path.substring(PATH.length() + 1);
        ConsoleAssets.Asset asset = assets.get(name.isEmpty() ? "index.html" : name);
        if (asset == null) {
            return text(response, callback, 404, "The console has no file " + path, head);
        }
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, asset.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(asset.body()), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String message, boolean head) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }
}
