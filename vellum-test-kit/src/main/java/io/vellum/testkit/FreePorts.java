package io.vellum.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local TCP ports for test services. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A port free at the moment of the call (the operating system's choice for port 0). Another process may take it
     * before the caller binds it; tests accept that rare race, as every in-process broker starter does.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
