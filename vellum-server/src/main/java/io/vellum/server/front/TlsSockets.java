package io.vellum.server.front;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS on an accepted connection, with the protocols and cipher suites Jetty's {@code SslContextFactory} allowed
 * before: TLS 1.2 and 1.3 only, and none of the suites Jetty excludes by default (MD5 or SHA-1 MACs, RSA key
 * exchange, SSL_ names, NULL and anonymous suites). The handshake runs at the connection's first read, on its own
 * thread, within its read timeout. Stateless and thread-safe.
 */
final class TlsSockets {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Pattern EXCLUDED_SUITES = Pattern.compile(
            "^.*_(MD5|SHA|SHA1)$|^TLS_RSA_.*$|^SSL_.*$|^.*_NULL_.*$|^.*_anon_.*$");

    private TlsSockets() {
    }

    /** {@code accepted} wrapped as the server side of TLS; closing the result closes {@code accepted}. */
    static Socket serverSide(SSLContext tls, Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(accepted, null, accepted.getPort(), true);
        socket.setUseClientMode(false);
        List<String> protocols = new ArrayList<>();
        for (String protocol : socket.getSupportedProtocols()) {
            if (PROTOCOLS.contains(protocol)) {
                protocols.add(protocol);
            }
        }
        socket.setEnabledProtocols(protocols.toArray(String[]::new));
        List<String> suites = new ArrayList<>();
        for (String suite : socket.getEnabledCipherSuites()) {
            if (!EXCLUDED_SUITES.matcher(suite).matches()) {
                suites.add(suite);
            }
        }
        socket.setEnabledCipherSuites(suites.toArray(String[]::new));
        return socket;
    }
}
