package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Session API's answers are written straight to bytes when their strings are plain (session 11); every answer
 * must be byte for byte what Jackson's generator writes ({@link GeneratedSessionResponses}, the only writer before),
 * for plain strings and for strings that need escaping (which take Jackson's path), for pages of every size.
 */
class SessionResponsesTest {
    private static final String ALPHABET = "AZaz09+/=-_.~ \"\\\u0000\u001f\u007f\u00e9\u20ac";

    @Test
    void everyAnswerIsTheBytesJacksonWrites() {
        Random random = new Random(8);
        for (int i = 0; i < 3_000; i++) {
            String text = text(random);
            String other = text(random);
            long elapsed = random.nextBoolean() ? random.nextInt(5_000_000) : Math.abs(random.nextLong());
            String requestId = "id-" + i;
            assertSameAnswer(SessionResponses.startSession(text, elapsed, requestId),
                    GeneratedSessionResponses.startSession(text, elapsed, requestId));
            assertSameAnswer(SessionResponses.startTransaction(text, elapsed, requestId),
                    GeneratedSessionResponses.startTransaction(text, elapsed, requestId));
            assertSameAnswer(SessionResponses.commitTransaction(text, other, elapsed, requestId),
                    GeneratedSessionResponses.commitTransaction(text, other, elapsed, requestId));
            String command = random.nextBoolean() ? "AbortTransaction" : "EndSession";
            assertSameAnswer(SessionResponses.timingOnly(command, elapsed, requestId),
                    GeneratedSessionResponses.timingOnly(command, elapsed, requestId));
            List<byte[]> values = new ArrayList<>();
            int count = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(3);
            for (int v = 0; v < count; v++) {
                byte[] value = new byte[random.nextInt(4) == 0 ? random.nextInt(3_000) : random.nextInt(40)];
                random.nextBytes(value);
                values.add(value);
            }
            ResultCursor.Page page = new ResultCursor.Page(values, random.nextInt(1_000), random.nextInt(1_000));
            String nextPageToken = random.nextBoolean() ? null : text;
            String pageCommand = random.nextBoolean() ? "ExecuteStatement" : "FetchPage";
            assertSameAnswer(SessionResponses.page(pageCommand, page, nextPageToken, elapsed, requestId),
                    GeneratedSessionResponses.page(pageCommand, page, nextPageToken, elapsed, requestId));
        }
    }

    @Test
    void aPlainAnswerIsTheExpectedJson() {
        HttpResponse answer = SessionResponses.commitTransaction("JHcVZMN4n5x3Xk8qYt2BhL",
                "rH4dIPPdRmI5eh9HVjWrZFbqIwe2rY8Td0H5M4SgKEY=", 3_400_000, "rid");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"CommitTransaction\":{"
                + "\"TransactionId\":\"JHcVZMN4n5x3Xk8qYt2BhL\",\"CommitDigest\":"
                + "\"rH4dIPPdRmI5eh9HVjWrZFbqIwe2rY8Td0H5M4SgKEY=\",\"TimingInformation\":"
                + "{\"ProcessingTimeMilliseconds\":3},\"ConsumedIOs\":{\"ReadIOs\":0,\"WriteIOs\":0}}}");
    }

    private static void assertSameAnswer(HttpResponse answer, HttpResponse generated) {
        assertThat(answer.status()).isEqualTo(generated.status());
        assertThat(answer.headers()).isEqualTo(generated.headers());
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo(new String(generated.body(), StandardCharsets.UTF_8));
        assertThat(answer.body()).isEqualTo(generated.body());
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(50);
        boolean plain = random.nextInt(4) != 0;
        for (int i = 0; i < length; i++) {
            text.append(plain ? (char) (0x21 + random.nextInt(0x5e)) : ALPHABET.charAt(random.nextInt(
                    ALPHABET.length())));
        }
        return text.toString();
    }
}
