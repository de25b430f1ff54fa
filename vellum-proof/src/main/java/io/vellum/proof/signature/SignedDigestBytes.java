package io.vellum.proof.signature;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.vellum.proof.block.LedgerDigest;

/**
 * The one canonical encoding of what a signed digest states: the exact bytes an Ed25519 digest signature covers.
 *
 * <h2>Byte layout (version 1)</h2>
 * All integers are big-endian, unsigned in practice (every value is non-negative); strings are UTF-8 without BOM or
 * terminator, each preceded by its length in bytes.
 * <pre>
 * offset  size  field
 * 0       24    domain tag: the ASCII text "VELLUM-SIGNED-DIGEST-V1" followed by one 0x00 byte
 * 24      2     L = byte length of the ledger name (u16)
 * 26      L     ledger name, UTF-8
 * 26+L    2     S = byte length of the strand id (u16)
 * 28+L    S     strand id, UTF-8
 * 28+L+S  8     tip sequence number (u64): the digest covers blocks 0..tip
 * 36+L+S  32    digest: the Merkle root, raw SHA-256 bytes
 * 68+L+S  8     signing time (i64): milliseconds since 1970-01-01T00:00:00Z
 * total   76+L+S bytes
 * </pre>
 * The domain tag keeps a digest signature from ever being valid as a signature over anything else Vellum signs,
 * and names the layout's version. Length prefixes make the encoding injective: no two different statements encode
 * to the same bytes. The time has millisecond precision because the JSON answers print it as ISO-8601 with
 * milliseconds; a time with a finer part is refused rather than silently truncated (what is shown must be exactly
 * what is signed). Example (the test vector in {@code SignedDigestBytesTest}): ledger {@code "vehicles"}, strand
 * {@code "EXAMPLE1234567890ABCDE"}, tip 7, time {@code 2024-01-02T03:04:05.678Z}.
 */
public final class SignedDigestBytes {
    /** The domain tag, 24 bytes. */
    public static final String DOMAIN_TAG = "VELLUM-SIGNED-DIGEST-V1\0";
    private static final int MAXIMUM_STRING_BYTES = 0xFFFF;

    private SignedDigestBytes() {
    }

    /**
     * The bytes an Ed25519 signature over ({@code ledgerName}, {@code digest}'s strand, tip and root, {@code signedAt})
     * covers.
     *
     * @throws IllegalArgumentException when {@code signedAt} has a part below a millisecond, is before 1970, or a
     *     string is longer than 65535 bytes in UTF-8
     */
    public static byte[] encode(String ledgerName, LedgerDigest digest, Instant signedAt) {
        if (signedAt.getNano() % 1_000_000 != 0 || signedAt.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("a signing time is whole milliseconds from 1970 on, got " + signedAt);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(DOMAIN_TAG.getBytes(StandardCharsets.US_ASCII));
        writeString(out, "ledger name", ledgerName);
        writeString(out, "strand id", digest.tipAddress().strandId());
        writeLong(out, digest.tipAddress().sequenceNo());
        out.writeBytes(digest.digest().toByteArray());
        writeLong(out, signedAt.toEpochMilli());
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String what, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAXIMUM_STRING_BYTES) {
            throw new IllegalArgumentException("the " + what + " is at most 65535 bytes in UTF-8, got " + bytes.length);
        }
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }
}
