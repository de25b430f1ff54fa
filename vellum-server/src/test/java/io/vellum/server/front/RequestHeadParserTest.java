package io.vellum.server.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict head parser against hostile bytes: each refusal here fails without the check that makes it. */
class RequestHeadParserTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE / 2;

    private static ConnectionInput input(String bytes) {
        return new ConnectionInput(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)), 16 << 10);
    }

    private static RequestHead parse(String bytes) throws Exception {
        return RequestHeadParser.parse(input(bytes), System.nanoTime() + 60_000_000_000L);
    }

    private static int refusal(String bytes) {
        try {
            parse(bytes);
        } catch (FrontRefusal refusal) {
            return refusal.status();
        } catch (Exception e) {
            throw new AssertionError("not a refusal: " + e, e);
        }
        throw new AssertionError("accepted: " + bytes);
    }

    @Test
    void aRequestAndThePipelinedNextAreReadWithTheirFields() throws Exception {
        ConnectionInput input = input("POST /v1/ledgers/a%2Fb/x?q=1%20 HTTP/1.1\r\nHost: h:1\r\nContent-Length: 3\r\n"
                + "X-Amz-Target: T\r\nX-Two: a\r\nx-two: b\r\nConnection: keep-alive, close\r\n\r\nabc"
                + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        RequestHead head = RequestHeadParser.parse(input, NO_DEADLINE);
        assertThat(head.method()).isEqualTo("POST");
        assertThat(head.target()).isEqualTo(new RequestTarget("/v1/ledgers/a%2Fb/x", "/v1/ledgers/a/b/x", "q=1%20"));
        assertThat(head.contentLength()).isEqualTo(3);
        assertThat(head.headers()).containsEntry("x-two", "a,b").containsEntry("host", "h:1");
        assertThat(head.sessionApi()).isTrue();
        assertThat(head.close()).isTrue();
        assertThat(input.skip(3)).isEqualTo(3);
        RequestHead next = RequestHeadParser.parse(input, NO_DEADLINE);
        assertThat(next.target().decodedPath()).isEqualTo("/");
        assertThat(next.contentLength()).isZero();
        assertThat(next.close()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Line breaks that are not CRLF: how one server's request becomes two in another.
        "bare LF ends a header|400|GET / HTTP/1.1\\r\\nHost: h\\nX: y\\r\\n\\r\\n",
        "bare LF ends the request line|400|GET / HTTP/1.1\\nHost: h\\r\\n\\r\\n",
        "bare CR inside a header|400|GET / HTTP/1.1\\r\\nHost: h\\rX: y\\r\\n\\r\\n",
        "obs-fold continuation line|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\r\\n  b\\r\\n\\r\\n",
        "space before the colon|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length : 5\\r\\n\\r\\n",
        // Framing ambiguities.
        "Content-Length and Transfer-Encoding|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
        "two differing Content-Lengths|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 5\\r\\nContent-Length: 6\\r\\n\\r\\n",
        "two equal Content-Lengths|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 5\\r\\nContent-Length: 5\\r\\n\\r\\n",
        "a Content-Length list|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 5, 5\\r\\n\\r\\n",
        "a signed Content-Length|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: +5\\r\\n\\r\\n",
        "a hex Content-Length|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 0x5\\r\\n\\r\\n",
        "a Content-Length beyond 18 digits|400|POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 9999999999999999999\\r\\n\\r\\n",
        "a chunked body|411|POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
        "another transfer coding|501|POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n",
        "Transfer-Encoding in HTTP/1.0|400|POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
        // The request line.
        "two spaces after the method|400|GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n",
        "a space inside the target|400|GET /a b HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n",
        "no version|400|GET /\\r\\nHost: h\\r\\n\\r\\n",
        "HTTP/2.0|505|GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n",
        "lower-case version|400|GET / http/1.1\\r\\nHost: h\\r\\n\\r\\n",
        "a method that is not a token|400|G(T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n",
        "garbage|400|\\u0016\\u0003\\u0001\\u0002\\u0000\\u0001\\r\\n\\r\\n",
        // Hosts and expectations.
        "no Host|400|GET / HTTP/1.1\\r\\nX: y\\r\\n\\r\\n",
        "two Hosts|400|GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
        "a Host with a space|400|GET / HTTP/1.1\\r\\nHost: a b\\r\\n\\r\\n",
        "a Host with a slash|400|GET / HTTP/1.1\\r\\nHost: a/b\\r\\n\\r\\n",
        "an unknown expectation|417|POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: 200-ok\\r\\nContent-Length: 1\\r\\n\\r\\n",
        // Header bytes.
        "a control character in a value|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0001b\\r\\n\\r\\n",
        "NUL in a name|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nX\\u0000: v\\r\\n\\r\\n",
        "no colon|400|GET / HTTP/1.1\\r\\nHost: h\\r\\nJustText\\r\\n\\r\\n",
        "an empty name|400|GET / HTTP/1.1\\r\\nHost: h\\r\\n: v\\r\\n\\r\\n",
    })
    void ambiguousOrMalformedHeadsAreRefused(String name, int status, String escaped) {
        assertThat(refusal(unescape(escaped))).as(name).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "asterisk form|*", "absolute form|http://h/x", "a fragment|/a#b", "a broken escape|/a%zz",
        "a truncated escape|/a%2", "a UTF-16 escape|/a%u0041", "escaped dot segments|/v1/%2e%2e/x",
        "a dot-dot segment|/v1/../x", "a dot segment|/v1/./x", "a trailing dot-dot|/v1/..",
        "an empty segment|/v1//x", "path parameters|/v1/x;jsessionid=1/y", "escapes that are not UTF-8|/a%C0%AE",
        "an escaped NUL|/a%00b", "an escaped backslash|/a%5C..%5Cb", "a raw backslash|/a\\b",
        "a non-ASCII byte|/caf\u00e9", "a quote|/a\"b", "a space in the query|/a?b c",
        "escaped slashes making a dot-dot segment|/a%2F..%2Fb",
    })
    void targetsThatNameAResourceAmbiguouslyAreRefused(String name, String target) {
        assertThatThrownBy(() -> RequestTarget.parse(target)).as(name).isInstanceOf(FrontRefusal.class)
                .satisfies(e -> assertThat(((FrontRefusal) e).status()).isEqualTo(400));
    }

    @Test
    void escapesDecodeAsTheControlPlaneNeeds() throws Exception {
        assertThat(RequestTarget.parse("/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A1%3Aledger%2Fbank"))
                .isEqualTo(new RequestTarget("/tags/arn%3Aaws%3Aqldb%3Aus-east-1%3A1%3Aledger%2Fbank",
                        "/tags/arn:aws:qldb:us-east-1:1:ledger/bank", null));
        assertThat(RequestTarget.parse("/a%25b/caf%C3%A9/").decodedPath()).isEqualTo("/a%b/café/");
        assertThat(RequestTarget.parse("/x?").rawQuery()).isEmpty();
        assertThat(RequestTarget.parse("/").decodedPath()).isEqualTo("/");
    }

    @Test
    void theHeadIsBoundedAsJettysWas() {
        String longTarget = "/" + "a".repeat(RequestHeadParser.MAXIMUM_HEAD_BYTES);
        assertThat(refusal("GET " + longTarget + " HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(414);
        assertThat(refusal("GET / HTTP/1.1\r\nHost: h\r\nX: " + "f".repeat(RequestHeadParser.MAXIMUM_HEAD_BYTES)
                + "\r\n\r\n")).isEqualTo(431);
        // Many small headers: each fits, together they do not.
        assertThat(refusal("GET / HTTP/1.1\r\nHost: h\r\n" + ("X-Filler: " + "a".repeat(88) + "\r\n").repeat(90)
                + "\r\n")).isEqualTo(431);
        assertThat(refusal("GET / HTTP/1.1\r\nHost: h\r\n" + "X: y\r\n".repeat(RequestHeadParser.MAXIMUM_HEADER_FIELDS)
                + "\r\n")).isEqualTo(431);
    }

    @Test
    void aHeadThatDoesNotArriveInTimeIsA408() {
        // The bytes trickle: the deadline is checked between reads (here it passed before the first).
        ConnectionInput trickle = new ConnectionInput(new java.io.InputStream() {
            private final byte[] bytes = "GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                int b = read();
                if (b < 0) {
                    return -1;
                }
                target[offset] = (byte) b;
                return 1;
            }
        }, 1024);
        assertThatThrownBy(() -> RequestHeadParser.parse(trickle, System.nanoTime() - 1))
                .isInstanceOf(FrontRefusal.class)
                .satisfies(e -> assertThat(((FrontRefusal) e).status()).isEqualTo(408));
    }

    @Test
    void aConnectionClosedWithinTheHeadIsAnEndNotARequest() {
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nHost: h\r\n")).isInstanceOf(EOFException.class);
    }

    @Test
    void emptyLinesBeforeARequestAreSkippedButNotMany() throws Exception {
        assertThat(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").method()).isEqualTo("GET");
        assertThat(refusal("\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void http10NeedsNoHostAndCloses() throws Exception {
        RequestHead head = parse("GET /health HTTP/1.0\r\n\r\n");
        assertThat(head.http10()).isTrue();
        assertThat(head.close()).isTrue();
    }

    @Test
    void expectContinueIsRecognised() throws Exception {
        assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
                .expectContinue()).isTrue();
    }

    private static String unescape(String escaped) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\' && i + 1 < escaped.length()) {
                char next = escaped.charAt(++i);
                switch (next) {
                    case 'r' -> text.append('\r');
                    case 'n' -> text.append('\n');
                    case 'u' -> {
                        text.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> text.append('\\').append(next);
                }
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
