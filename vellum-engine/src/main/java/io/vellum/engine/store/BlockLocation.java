package io.vellum.engine.store;

import io.vellum.proof.hash.Hash;
import java.nio.ByteBuffer;

/**
 * Where a committed block lives in the journal, and its hash (the Merkle leaf).
 *
 * <p>Encoded as {@code segmentFirstSequenceNo(8) offset(8) length(4) blockTimestampMillis(8) blockHash(32)}.
 */
public record BlockLocation(long segmentFirstSequenceNo, long offset, int length, long blockTimestampMillis,
                            Hash blockHash) {
    static final int ENCODED_LENGTH = 8 + 8 + 4 + 8 + Hash.LENGTH;

    byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH).putLong(segmentFirstSequenceNo).putLong(offset).putInt(length)
                .putLong(blockTimestampMillis).put(blockHash.toByteArray()).array();
    }

    static BlockLocation decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long segment = buffer.getLong();
        long offset = buffer.getLong();
        int length = buffer.getInt();
        long timestamp = buffer.getLong();
        byte[] hash = new byte[Hash.LENGTH];
        buffer.get(hash);
        return new BlockLocation(segment, offset, length, timestamp, Hash.of(hash));
    }
}
