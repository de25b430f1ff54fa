package io.vellum.server.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.BodyRefusals;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RoutedRequest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunked request bodies, read for a dispatch that accepts them (the wallet's), strictly and within its limit: each
 * refusal here fails without the check that makes it; the head parser accepts {@code chunked} only when asked.
 */
class ChunkedBodyReaderTest {
    private static final int LIMIT = 16;
    /** Answers each refusal with its status and the type as the body, so a test sees which one it was. */
    private static final RoutedRequest ROUTE = new RoutedRequest() {
        @Override
        public HttpResponse handle(byte[] body) {
            throw new AssertionError("not served here");
        }

        @Override
        public HttpResponse refuse(int status, String type, String message) {
            return new HttpResponse(status, Map.of(), type.getBytes(StandardCharsets.UTF_8));
        }
    };

    private static byte[] read(String chunked) throws Exception {
        ConnectionInput input = new ConnectionInput(new ByteArrayInputStream(chunked.getBytes(
                StandardCharsets.ISO_8859_1)), 16 << 10);
        return BodyReader.readChunked(input, LIMIT, new BodyRefusals(ROUTE, LIMIT, ConnectionLimits.defaults()),
                System.nanoTime());
    }

    private static BodyReader.Refused refused(String chunked) {
        try {
            read(chunked);
        } catch (BodyReader.Refused refused) {
            return refused;
        } catch (Exception e) {
            throw new AssertionError("not a refusal: " + e, e);
        }
        throw new AssertionError("accepted: " + chunked);
    }

    @Test
    void chunksWithExtensionsAndTrailersAreJoined() throws Exception {
        assertThat(new String(read("3;a=b\r\n{\"a\r\n3 ;x\r\n\":1\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n"),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(read("0\r\n\r\n")).isEmpty();
        assertThat(read("10\r\n" + "x".repeat(16) + "\r\n0\r\n\r\n")).hasSize(16); // exactly the limit
    }

    @Test
    void aChunkBeyondTheLimitIsRefusedBeforeItsDataIsRead() {
        BodyReader.Refused tooLarge = refused("10\r\n" + "x".repeat(16) + "\r\n1\r\n");
        assertThat(tooLarge.answer().status()).isEqualTo(413);
        assertThat(tooLarge.moreToCome()).as("the client may still be sending: drain before closing").isTrue();
        assertThat(refused("FFFFFFF\r\n").answer().status()).isEqualTo(413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz\r\n{}\r\n0\r\n\r\n", "\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n", "2 x\r\n{}\r\n0\r\n\r\n",
            "-2\r\n{}\r\n0\r\n\r\n", "0x2\r\n{}\r\n0\r\n\r\n", "2\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFF\r\n{}\r\n",
            "1\r\na\r\n0\r\nbare\rCR\r\n\r\n", "\u00b2\r\n{}\r\n0\r\n\r\n"})
    void malformedFramingIsRefusedAsUnreadable(String chunked) {
        BodyReader.Refused refused = refused(chunked);
        assertThat(refused.answer().status()).isEqualTo(400);
        assertThat(refused.moreToCome()).isFalse();
    }

    @Test
    void trailersAreBounded() {
        assertThat(refused("0\r\n" + ("X-T: " + "t".repeat(1000) + "\r\n").repeat(9) + "\r\n").answer().status())
                .isEqualTo(400);
    }

    @Test
    void aBodyCutOffIsTheEndOfTheConnection() {
        Assertions.assertThatThrownBy(() -> read("5\r\nab")).isInstanceOf(EOFException.class);
    }

    @Test
    void theHeadParserAcceptsChunkedOnlyWhenAsked() throws Exception {
        String head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        RequestHead accepted = RequestHeadParser.parse(new ConnectionInput(new ByteArrayInputStream(head.getBytes(
                StandardCharsets.ISO_8859_1)), 16 << 10), System.nanoTime() + 60_000_000_000L, true);
        assertThat(accepted.chunked()).isTrue();
        assertThat(accepted.contentLength()).isZero();
        for (String refused : new String[] {head, head.replace("chunked", "gzip, chunked"),
                head.replace("Host: h\r\n", "Host: h\r\nContent-Length: 2\r\n")}) {
            try {
                RequestHeadParser.parse(new ConnectionInput(new ByteArrayInputStream(refused.getBytes(
                        StandardCharsets.ISO_8859_1)), 16 << 10), System.nanoTime() + 60_000_000_000L,
                        !refused.equals(head));
                throw new AssertionError("accepted: " + refused);
            } catch (FrontRefusal refusal) {
                assertThat(refusal.status()).as(refused).isIn(400, 411, 501);
            }
        }
    }
}
