package io.vellum.server.front;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head parser reads header lines from the connection's buffer without building them as strings (session 11);
 * it must read every head exactly as the line-string parser it replaced ({@link LineStringHeadParser}): the same
 * head (method, target, headers, framing) or the same refusal (status and message) or the same end of stream, for
 * the driver's own head and thousands of mutations of it (case, whitespace, control and Latin-1 bytes, colons,
 * repeated and folded fields, CR and LF in odd places, truncation).
 */
class RequestHeadParserEquivalenceTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE / 2;
    private static final String DRIVER_HEAD = "POST / HTTP/1.1\r\nHost: 127.0.0.1:41267\r\n"
            + "amz-sdk-invocation-id: d6d1cd3f-9ac0-3f4d-5e8f-3ce53fcd93d1\r\namz-sdk-request: attempt=1; max=4\r\n"
            + "Authorization: AWS4-HMAC-SHA256 Credential=AKIABENCHMARK0000001/20261206/us-east-1/qldb/aws4_request,"
            + " SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
            + "x-amz-content-sha256;x-amz-date;x-amz-target, Signature=175f6eab3306b75ff730610247306ebd4c2fba943b42b\r\n"
            + "Content-Type: application/x-amz-json-1.0\r\nUser-Agent: aws-sdk-java/2.36.2 md/io#sync\r\n"
            + "x-amz-content-sha256: 1b81084b3958fc308b38e4a2759d601b9b261006540d3c977c2dc73551617698\r\n"
            + "X-Amz-Date: 20261206T224652Z\r\nX-Amz-Target: QLDBSession.SendCommand\r\nContent-Length: 301\r\n"
            + "Connection: Keep-Alive\r\n\r\n";
    private static final List<String> PIECES = List.of("\r\n", "\r", "\n", " ", "\t", ":", ",", "\u0000", "\u007f",
            "\u00e9", "\u00ff", "X-Two: a\r\n", "x-two: b\r\n", "Host: h\r\n", "HOST", "Content-Length: 3\r\n",
            "Transfer-Encoding: chunked\r\n", "Expect: 100-continue\r\n", "Connection: close\r\n", " close ,",
            "CONTENT-LENGTH", "Content-Type", "\r\n\r\n", "=", "\"", "x-amz-DATE", "X-Vellum-Forwarded-By: n\r\n");

    @Test
    void readsTheDriversHeadAndItsMutationsExactlyAsTheLineStringParser() throws Exception {
        assertThat(outcome(DRIVER_HEAD, true)).isEqualTo(outcome(DRIVER_HEAD, false)).startsWith("head ");
        Random random = new Random(16);
        int refusals = 0;
        for (int i = 0; i < 5_000; i++) {
            String head = mutate(DRIVER_HEAD, random);
            String expected = outcome(head, false);
            assertThat(outcome(head, true)).as("%s", head).isEqualTo(expected);
            refusals += expected.startsWith("refused") ? 1 : 0;
        }
        assertThat(refusals).as("refused mutations").isBetween(500, 4_500);
    }

    /** What a parser makes of {@code head}, as text: the head's fields, the refusal, or the end of stream. */
    private static String outcome(String head, boolean current) throws Exception {
        ConnectionInput input = new ConnectionInput(new ByteArrayInputStream(head.getBytes(
                StandardCharsets.ISO_8859_1)), 16 << 10);
        try {
            RequestHead parsed = current ? RequestHeadParser.parse(input, NO_DEADLINE)
                    : LineStringHeadParser.parse(input, NO_DEADLINE);
            return "head " + parsed + " " + new java.util.TreeMap<>(parsed.headers());
        } catch (FrontRefusal refusal) {
            return "refused " + refusal.status() + " " + refusal.getMessage();
        } catch (EOFException end) {
            return "end " + end.getMessage();
        }
    }

    private static String mutate(String head, Random random) {
        StringBuilder mutated = new StringBuilder(head);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(5)) {
                case 0 -> mutated.insert(at, PIECES.get(random.nextInt(PIECES.size())));
                case 1 -> mutated.deleteCharAt(at);
                case 2 -> mutated.setCharAt(at, Character.isUpperCase(mutated.charAt(at))
                        ? Character.toLowerCase(mutated.charAt(at)) : Character.toUpperCase(mutated.charAt(at)));
                case 3 -> mutated.setCharAt(at, PIECES.get(random.nextInt(PIECES.size())).charAt(0));
                default -> {
                    // a whole header line inserted right after a line break
                    int lineStart = mutated.indexOf("\r\n", at);
                    if (lineStart > 0 && lineStart + 2 < mutated.length()) {
                        mutated.insert(lineStart + 2, PIECES.get(11 + random.nextInt(6)));
                    }
                }
            }
        }
        return mutated.toString();
    }
}
