package io.vellum.server.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids for the {@code x-amzn-RequestId} header: UUID-shaped (8-4-4-4-12 lower-case hex, version 4 bits set),
 * as AWS services send them. Thread-safe; drawn from {@link ThreadLocalRandom} because a request id names a request
 * in logs and is no secret, and a shared {@code SecureRandom} would be a lock on every request.
 */
public final class RequestIds {
    /** The response header that carries the id. */
    public static final String HEADER = "x-amzn-RequestId";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /** A new random request id. */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        char[] text = new char[36];
        int position = 0;
        for (int nibble = 15; nibble >= 0; nibble--) {
            position = hyphenate(text, position);
            text[position++] = HEX[(int) (high >>> (nibble * 4)) & 0xF];
        }
        for (int nibble = 15; nibble >= 0; nibble--) {
            position = hyphenate(text, position);
            text[position++] = HEX[(int) (low >>> (nibble * 4)) & 0xF];
        }
        return new String(text);
    }

    private static int hyphenate(char[] text, int position) {
        if (position == 8 || position == 13 || position == 18 || position == 23) {
            text[position] = '-';
            return position + 1;
        }
        return position;
    }
}
