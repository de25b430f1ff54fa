package io.vellum.server.hostile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests no HTTP client library would send: any
 * method, a path exactly as given (broken percent-escapes, {@code ..}), any header bytes. Signed with the AWS SDK's
 * SigV4 signer (service {@code qldb}) when the path is a URI the signer can take; otherwise sent unsigned.
 */
final class RawHttp {
    /** A response: status, header values by lower-case name (last wins), body bytes. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final String accessKeyId;
    private final String secret;

    RawHttp(URI endpoint, String accessKeyId, String secret) {
        this.host = endpoint.getHost();
        this.port = endpoint.getPort();
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    /** Sends {@code method pathAndQuery} with {@code headers} (plus SigV4 headers when {@code sign}) and body. */
    Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body, boolean sign) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host + ":" + port);
        all.putAll(headers);
        if (sign) {
            all.putAll(signature(method, pathAndQuery, headers, body));
        }
        all.put("Content-Length", Integer.toString(body.length));
        all.put("Connection", "close");
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((method + " " + pathAndQuery + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        all.forEach((name, value) -> head.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            try {
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before reading the whole body: read what it said.
            }
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery, e);
        }
    }

    private Map<String, String> signature(String method, String pathAndQuery, Map<String, String> headers,
                                          byte[] body) {
        URI uri;
        try {
            uri = URI.create("http://" + host + ":" + port + pathAndQuery);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
        SdkHttpMethod sdkMethod;
        try {
            sdkMethod = SdkHttpMethod.fromValue(method);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(sdkMethod).uri(uri);
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned.build())
                .payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("authorization") || name.startsWith("x-amz-date") || name.equals("x-amz-content-sha256")) {
                added.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        return added;
    }

    private static Reply parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static byte[] unchunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return out.toByteArray();
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (length == 0) {
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(length));
            in.readNBytes(2);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
