package io.vellum.server;

import io.vellum.server.console.ConsoleFiles;
import io.vellum.server.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web console's place in Jetty: ahead of the {@link RequestRouter}, it answers {@code /console} and below from
 * {@link ConsoleFiles} (no signature: the files hold no data and no secret) and declines every other path, so the
 * APIs and their signature checks are untouched. Thread-safe; never blocks.
 */
final class ConsoleRoute extends Handler.Abstract.NonBlocking {
    private final ConsoleFiles files;

    ConsoleRoute(ConsoleFiles files) {
        this.files = files;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (!ConsoleFiles.isConsolePath(path)) {
            return false;
        }
        HttpResponse answer = files.answer(request.getMethod(), path);
        response.setStatus(answer.status());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.getHeaders().put(header.getKey(), header.getValue());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        boolean head = request.getMethod().equals("HEAD");
        response.write(true, ByteBuffer.wrap(head ? new byte[0] : answer.body()), callback);
        return true;
    }
}
