package io.vellum.server.cluster;

import io.vellum.server.HttpRequest;
import io.vellum.server.HttpResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends a request on to another node exactly as the client signed it: same method, same request target (still
 * percent-encoded), the same headers — {@code Host}, {@code X-Amz-Date} and {@code Authorization} included — and the
 * same body, so the receiving node verifies the client's own SigV4 signature (every node holds the cluster's shared
 * key pair). Only hop-by-hop headers are dropped, {@code Content-Length} is set and {@value
 * io.vellum.server.RequestForwarding#FORWARDED_HEADER} added (not a signed header, so the signature still holds).
 *
 * <p>Plain HTTP/1.1 over one connection per request ({@code Connection: close}); {@code java.net.http} cannot send
 * another {@code Host} than the one it connects to. HTTPS uses the JVM's default trust store.
 */
final class HttpForwarder {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "upgrade", "proxy-authorization", "proxy-authenticate", "trailer", "content-length", "expect");
    private static final int MAXIMUM_RESPONSE_BYTES = 64 << 20;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    HttpForwarder(int connectTimeoutMillis, int readTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * The other node's answer.
     *
     * @throws IOException when it cannot be reached or answers something that is not HTTP/1.1
     */
    HttpResponse forward(URI node, HttpRequest request, String rawTarget, String forwardedBy) throws IOException {
        boolean tls = "https".equals(node.getScheme());
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(512);
            head.append(request.method()).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey()) && !header.getKey().equals(
                        io.vellum.server.RequestForwarding.FORWARDED_HEADER)) {
                    head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
                }
            }
            head.append(io.vellum.server.RequestForwarding.FORWARDED_HEADER).append(": ").append(forwardedBy)
                    .append("\r\n");
            head.append("content-length: ").append(request.body().length).append("\r\n");
            head.append("connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(request.body());
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static HttpResponse read(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer");
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        long length = -1;
        boolean chunked = false;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (!HOP_BY_HOP.contains(lower) && !lower.equals("date") && !lower.equals("server")) {
                headers.merge(name, value, (first, second) -> first + ", " + second);
            }
        }
        byte[] body;
        if (chunked) {
            body = chunks(in);
        } else if (length >= 0) {
            if (length > MAXIMUM_RESPONSE_BYTES) {
                throw new IOException("answer too large");
            }
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new IOException("answer cut short");
            }
        } else {
            body = in.readNBytes(MAXIMUM_RESPONSE_BYTES);
        }
        return new HttpResponse(code, headers, body);
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                while (!line(in).isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            if (body.size() + length > MAXIMUM_RESPONSE_BYTES) {
                throw new IOException("answer too large");
            }
            body.write(in.readNBytes(length));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 16_384) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        throw new IOException("connection closed before the answer was complete");
    }
}
