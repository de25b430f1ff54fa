package io.vellum.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ids of the documents a fill has inserted, kept as packed ASCII (22 bytes each) rather than as Strings: at
 * 10,000,000 documents Strings would cost ~700 MB of heap, packed ids ~220 MB.
 *
 * <p>Thread-safety: {@link #addAll} is serialised; {@link #random} may run concurrently with it and sees every id
 * added before the last {@code addAll} that returned (the volatile size publishes the bytes written before it).
 */
final class DocumentIdPool {
    private static final int ID_LENGTH = 22;
    private static final int IDS_PER_CHUNK = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private volatile byte[][] published = new byte[0][];
    private volatile long size;

    synchronized void addAll(List<String> ids) {
        long next = size;
        for (String id : ids) {
            byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
            if (ascii.length != ID_LENGTH) {
                throw new IllegalArgumentException("document ids are 22 characters, got '" + id + "'");
            }
            int chunk = (int) (next / IDS_PER_CHUNK);
            if (chunk == chunks.size()) {
                chunks.add(new byte[IDS_PER_CHUNK * ID_LENGTH]);
                published = chunks.toArray(new byte[0][]);
            }
            System.arraycopy(ascii, 0, chunks.get(chunk), (int) (next % IDS_PER_CHUNK) * ID_LENGTH, ID_LENGTH);
            next++;
        }
        size = next;
    }

    long size() {
        return size;
    }

    /** A uniformly chosen id among those added so far; the pool must not be empty. */
    String random() {
        long count = size;
        byte[][] view = published;
        long pick = ThreadLocalRandom.current().nextLong(count);
        return new String(view[(int) (pick / IDS_PER_CHUNK)], (int) (pick % IDS_PER_CHUNK) * ID_LENGTH, ID_LENGTH,
                StandardCharsets.US_ASCII);
    }
}
