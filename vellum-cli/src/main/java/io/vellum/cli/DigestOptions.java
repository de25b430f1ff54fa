package io.vellum.cli;

import io.vellum.proof.BlockAddress;
import io.vellum.proof.Hash;
import io.vellum.proof.LedgerDigest;
import picocli.CommandLine.Option;

/** {@code --digest B64 --tip N}: a digest saved earlier that an export's blocks must fold to. */
final class DigestOptions {
    @Option(names = "--digest", description = "a ledger digest (base64) the blocks must fold to; needs --tip")
    String digest;

    @Option(names = "--tip", description = "the digest's tip sequenceNo")
    Long tip;

    /** Whether exactly one of the two was given (an error the caller reports). */
    boolean incomplete() {
        return (digest == null) != (tip == null);
    }

    /** The digest, or null when none was given. The strand is not part of the check (sequence numbers are). */
    LedgerDigest toDigest() {
        return digest == null ? null : new LedgerDigest(Hash.fromBase64(digest), new BlockAddress("unknown", tip));
    }
}
