package io.vellum.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpWireTest {
    private static final String REQUEST = "POST / HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 5\r\n\r\nhello";

    @Test
    void readsBackToBackResponsesWhateverTheReadsDeliver() throws IOException {
        String two = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 400 Bad Request\r\nContent-Type: x"
                + "\r\nContent-Length: 0\r\n\r\n";
        HttpWire wire = new HttpWire(oneByteAtATime(two));
        assertEquals(200, wire.readResponse());
        assertEquals(400, wire.readResponse());
        assertEquals(-1, wire.readResponse());
    }

    @Test
    void capturesAWholeRequestWithItsBodyAndCountsRequests() throws IOException {
        byte[] bytes = (REQUEST + REQUEST).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(REQUEST.getBytes(StandardCharsets.US_ASCII),
                HttpWire.readMessage(new ByteArrayInputStream(bytes)));
        HttpWire wire = new HttpWire(new ByteArrayInputStream(bytes));
        assertTrue(wire.readRequest());
        assertTrue(wire.readRequest());
        assertFalse(wire.readRequest());
        assertNull(HttpWire.readMessage(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void refusesAResponseItCannotFrameAndAStreamThatEndsInsideAMessage() {
        assertThrows(IOException.class, () -> new HttpWire(new ByteArrayInputStream(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .readResponse());
        assertThrows(IOException.class, () -> new HttpWire(new ByteArrayInputStream(
                "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII)))
                .readResponse());
    }

    /** A stream whose reads return one byte each: messages split at every possible point. */
    private static InputStream oneByteAtATime(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
    }
}
