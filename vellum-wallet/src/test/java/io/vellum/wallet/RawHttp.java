package io.vellum.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.RequestSignature;
import io.vellum.client.internal.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: for requests no well-behaved client library would send (raw
 * non-ASCII path bytes, dot segments, malformed request lines). Each request uses its own connection
 * ({@code Connection: close}); a request whose target parses as a URI is signed with the wallet's key pair, so the
 * refusal tested is the one the request provokes, not a missing signature.
 */
final class RawHttp {
    /** One answer: status, headers by lower-case name, body, and the body as JSON (MissingNode when not JSON). */
    record Answer(int status, Map<String, String> headers, String body, JsonNode json) {
        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private final String host;
    private final int port;
    private final SigV4Signer signer;

    RawHttp(WalletService service) {
        this.host = "127.0.0.1";
        this.port = service.port();
        this.signer = service.accessKeyId() == null ? null : new SigV4Signer(
                new Credentials(service.accessKeyId(), service.secretAccessKey()), "us-east-1", "wallet");
    }

    /**
     * Sends {@code method target} with these headers (name, value, …) and body, signed when the target is a URI.
     *
     * @param target the request target as sent on the request line (ISO-8859-1 bytes, so any byte can be sent)
     */
    Answer send(String method, String target, byte[] body, String... headers) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            given.put(headers[i], headers[i + 1]);
        }
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        given.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (signer != null) {
            URI uri = signable(target);
            if (uri != null) {
                RequestSignature signature = signer.sign(method, uri, given, body, Instant.now());
                head.append("X-Amz-Date: ").append(signature.amzDate()).append("\r\n")
                        .append("Authorization: ").append(signature.authorization()).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /**
     * Sends a signed JSON request whose body goes in chunked transfer coding, {@code chunkBytes} per chunk, each
     * chunk-size line followed by {@code extension} (e.g. {@code ;name=value}, or empty).
     */
    Answer sendChunked(String method, String target, byte[] body, int chunkBytes, String extension) {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("Content-Type", "application/json");
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        given.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (signer != null) {
            RequestSignature signature = signer.sign(method, signable(target), given, body, Instant.now());
            head.append("X-Amz-Date: ").append(signature.amzDate()).append("\r\n")
                    .append("Authorization: ").append(signature.authorization()).append("\r\n");
        }
        head.append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += chunkBytes) {
            int size = Math.min(chunkBytes, body.length - at);
            chunks.writeBytes((Integer.toHexString(size) + extension + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(body, at, size);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), chunks.toByteArray());
    }

    /** Sends these bytes as they are (a whole request, malformed or not) and reads the answer. */
    Answer exchange(byte[] head, byte[] body) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target as a URI to sign (its raw path and query as sent), or null when it is not one. */
    private URI signable(String target) {
        if (!target.startsWith("/")) {
            return null;
        }
        try {
            String path = target;
            for (int i = 0; i < path.length(); i++) {
                if (path.charAt(i) > 0x7e || path.charAt(i) < 0x21) {
                    return null;
                }
            }
            int question = path.indexOf('?');
            String rawPath = question < 0 ? path : path.substring(0, question);
            String query = question < 0 ? "" : path.substring(question);
            return URI.create("http://" + host + ":" + port + rawPath + query);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    /**
     * Reads one answer: up to the end of its Content-Length body when it has one (a server may keep the connection
     * open after a refusal until its idle timeout: Jetty does after some), else up to the end of the stream.
     */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            received.write(buffer, 0, read);
            String sofar = received.toString(StandardCharsets.ISO_8859_1);
            int headEnd = sofar.indexOf("\r\n\r\n");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:[ \\t]*(\\d+)")
                    .matcher(headEnd < 0 ? "" : sofar.substring(0, headEnd + 2));
            if (headEnd >= 0 && length.find() && received.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
                break;
            }
        }
        byte[] all = received.toByteArray();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        String bodyText = new String(body, StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = bodyText.isEmpty() ? MissingNode.getInstance() : WalletHttp.JSON.readTree(bodyText);
        } catch (IOException notJson) {
            json = MissingNode.getInstance();
        }
        return new Answer(status, headers, bodyText, json);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1)
                    .split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("a chunk size line does not end");
    }
}
