package io.vellum.cli;

import io.vellum.engine.export.ExportReader;
import io.vellum.proof.BlockAddress;
import io.vellum.proof.Hash;
import io.vellum.proof.LedgerDigest;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The export a command reads, and optionally the digest its blocks must fold to:
 * {@code DIR [--manifest FILE] [--digest B64 --tip N]}. Shared by {@code verify-export} and {@code import}.
 */
final class ExportSource {
    @Parameters(index = "0", description = "the export directory")
    Path directory;

    @Option(names = "--manifest", description = "the completed manifest, when the directory holds several exports")
    Path manifest;

    @Option(names = "--digest", description = "a ledger digest (base64) the blocks must fold to; needs --tip")
    String digest;

    @Option(names = "--tip", description = "the digest's tip sequenceNo")
    Long tip;

    /** Whether exactly one of {@code --digest} and {@code --tip} was given (an error the caller reports). */
    boolean incompleteDigest() {
        return (digest == null) != (tip == null);
    }

    ExportReader open() {
        return ExportReader.open(directory, manifest);
    }

    /** The digest, or null when none was given. The strand is not part of the check (sequence numbers are). */
    LedgerDigest expectedDigest() {
        return digest == null ? null : new LedgerDigest(Hash.fromBase64(digest), new BlockAddress("unknown", tip));
    }
}
