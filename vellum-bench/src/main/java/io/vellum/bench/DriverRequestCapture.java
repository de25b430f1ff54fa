package io.vellum.bench;

import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.awssdk.services.qldbsession.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.qldbsession.model.SendCommandRequest;
import software.amazon.awssdk.services.qldbsession.model.ValueHolder;

/**
 * The bytes the official QLDB driver's SDK puts on the wire for one {@code SendCommand} / {@code ExecuteStatement}
 * of the wallet transfer ({@code UPDATE Accounts … SET a.balance = ? WHERE a.accountId = ?} with two Ion binary
 * parameters), captured by pointing the SDK's own client (the Apache HTTP client the driver uses, SigV4-signed with
 * {@link ServerTransferLoad#KEY}) at a socket that records each request and answers a small 200. Each captured request
 * has its own {@code amz-sdk-invocation-id} and signature, as the driver's requests do, and is valid for the server's
 * clock-skew window (15 minutes) against a server holding that key. The session token and transaction id name no
 * session: a real server authenticates, parses and dispatches the request and answers 400.
 */
final class DriverRequestCapture {
    static final String SESSION_TOKEN = "AQoBAzQ2YmE2ZmM0LTk3NmUtNGE2MS1hYjA5LTgyZDk3YjQ5OGJhNQ==";
    static final String TRANSACTION_ID = "JHcVZMN4n5x3Xk8qYt2BhL";
    private static final String ANSWER_BODY = "{\"ExecuteStatement\":{\"FirstPage\":{\"Values\":[]}}}";
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
            + "Content-Length: " + ANSWER_BODY.length() + "\r\n\r\n" + ANSWER_BODY).getBytes(StandardCharsets.US_ASCII);

    private DriverRequestCapture() {
    }

    /** {@code count} distinct requests, each the complete bytes of one HTTP/1.1 request (headers and body). */
    static List<byte[]> capture(int count) throws Exception {
        List<byte[]> captured = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread recorder = new Thread(() -> record(listener, captured), "driver-request-capture");
            recorder.setDaemon(true);
            recorder.start();
            try (QldbSessionClient sdk = QldbSessionClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + listener.getLocalPort()))
                    .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            ServerTransferLoad.KEY, ServerTransferLoad.SECRET))).build()) {
                for (int i = 0; i < count; i++) {
                    sdk.sendCommand(SendCommandRequest.builder().sessionToken(SESSION_TOKEN)
                            .executeStatement(ExecuteStatementRequest.builder().transactionId(TRANSACTION_ID)
                                    .statement("UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?")
                                    .parameters(ionBinary(new BigDecimal("999987.00").add(BigDecimal.valueOf(i))),
                                            ionBinary("account-" + (1000 + i)))
                                    .build()).build());
                }
            }
        }
        if (captured.size() != count) {
            throw new IllegalStateException("captured " + captured.size() + " requests, expected " + count);
        }
        return List.copyOf(captured);
    }

    private static void record(ServerSocket listener, List<byte[]> captured) {
        while (!listener.isClosed()) {
            try (Socket connection = listener.accept()) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    byte[] request = HttpWire.readMessage(in);
                    if (request == null) {
                        break;
                    }
                    captured.add(request);
                    out.write(ANSWER);
                    out.flush();
                }
            } catch (IOException e) {
                // the listener closed, or the SDK dropped a connection: accept the next one or end
            }
        }
    }

    private static ValueHolder ionBinary(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(bytes)) {
            if (value instanceof BigDecimal decimal) {
                writer.writeDecimal(decimal);
            } else {
                writer.writeString((String) value);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ValueHolder.builder().ionBinary(SdkBytes.fromByteArray(bytes.toByteArray())).build();
    }
}
