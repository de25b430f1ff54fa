package io.vellum.engine.store;

import io.vellum.proof.hash.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte layout of every state-store key. Ids (table, document, index) are always 22 ASCII characters, so keys
 * are fixed-width and prefixes need no separators. Big-endian numbers keep RocksDB's byte order numeric.
 *
 * <pre>
 * blocks     : sequenceNo(8)                                   -> BlockLocation (see {@link BlockLocation#encode})
 * merkle     : completingSequenceNo(8) level(1)                -> hash(32) of a perfect subtree
 * documents  : tableId(22) documentId(22)                      -> latest live version(8)
 * revisions  : tableId(22) documentId(22) version(8)           -> committed-view revision, Ion binary
 * indexes    : tableId(22) indexId(22) valueHash(32) documentId(22) -> empty
 * meta       : ASCII name                                      -> value
 * meta       : "implicitTable:" tableId(22)                    -> table name, UTF-8
 * meta       : "redactionPending:" sequenceNo(8)               -> empty: block whose journal record still holds data
 *                                                                  a committed redaction removed from the store
 * </pre>
 */
final class StoreKeys {
    static final int ID_LENGTH = 22;

    private StoreKeys() {
    }

    static final String IMPLICIT_TABLE = "implicitTable:";

    static final String REDACTION_PENDING = "redactionPending:";

    static byte[] redactionPending(long sequenceNo) {
        byte[] prefix = REDACTION_PENDING.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(prefix.length + 8).put(prefix).putLong(sequenceNo).array();
    }

    static byte[] implicitTable(String tableId) {
        return (IMPLICIT_TABLE + tableId).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] sequence(long sequenceNo) {
        return ByteBuffer.allocate(8).putLong(sequenceNo).array();
    }

    static long sequenceOf(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    /**
     * A Merkle node's key: the sequence number of the block that completes its subtree ({@code (index + 1) * 2^level
     * - 1}), then its level. Nodes are written when that block is applied, so keys only ever grow and the family's
     * flushed files never overlap: RocksDB moves them down without merging (keyed by level first, every flush
     * overlapped every other and compactions rewrote the family over and over).
     */
    static byte[] merkle(int level, long index) {
        return ByteBuffer.allocate(9).putLong(((index + 1) << level) - 1).put((byte) level).array();
    }

    static byte[] table(String tableId) {
        return ascii(tableId);
    }

    static byte[] document(String tableId, String documentId) {
        return ByteBuffer.allocate(2 * ID_LENGTH).put(ascii(tableId)).put(ascii(documentId)).array();
    }

    static byte[] revision(String tableId, String documentId, long version) {
        return ByteBuffer.allocate(2 * ID_LENGTH + 8).put(ascii(tableId)).put(ascii(documentId)).putLong(version).array();
    }

    static byte[] indexValue(String tableId, String indexId, Hash valueHash) {
        return ByteBuffer.allocate(2 * ID_LENGTH + Hash.LENGTH)
                .put(ascii(tableId)).put(ascii(indexId)).put(valueHash.toByteArray()).array();
    }

    static byte[] indexEntry(String tableId, String indexId, Hash valueHash, String documentId) {
        return ByteBuffer.allocate(3 * ID_LENGTH + Hash.LENGTH)
                .put(ascii(tableId)).put(ascii(indexId)).put(valueHash.toByteArray()).put(ascii(documentId)).array();
    }

    static byte[] index(String tableId, String indexId) {
        return ByteBuffer.allocate(2 * ID_LENGTH).put(ascii(tableId)).put(ascii(indexId)).array();
    }

    /** The document id at the end of an index entry key, or at bytes 22..44 of a document/revision key. */
    static String documentIdOfIndexEntry(byte[] key) {
        return new String(key, key.length - ID_LENGTH, ID_LENGTH, StandardCharsets.US_ASCII);
    }

    static String documentIdOfDocumentKey(byte[] key) {
        return new String(key, ID_LENGTH, ID_LENGTH, StandardCharsets.US_ASCII);
    }

    static long versionOfRevisionKey(byte[] key) {
        return ByteBuffer.wrap(key, 2 * ID_LENGTH, 8).getLong();
    }

    static byte[] ascii(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != ID_LENGTH) {
            throw new IllegalArgumentException("ids are " + ID_LENGTH + " characters, got '" + id + "'");
        }
        return bytes;
    }

    /** The smallest key greater than every key starting with {@code prefix}. */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        throw new IllegalArgumentException("prefix has no upper bound");
    }
}
