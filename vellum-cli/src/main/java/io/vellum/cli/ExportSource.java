package io.vellum.cli;

import io.vellum.engine.export.ExportReader;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.LedgerDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The export a command reads, and optionally the digest its blocks must fold to:
 * {@code DIR [--manifest FILE] [--digest B64 --tip N]}. Shared by {@code verify-export} and {@code import}.
 */
final class ExportSource {
    @Parameters(index = "0", description = "the export directory (a copy of the S3 bucket, or of the export's prefix)")
    Path directory;

    @Option(names = "--manifest", description = "the completed manifest, when the directory holds several exports")
    Path manifest;

    @Option(names = "--digest", description = "a ledger digest (Base64, as GetDigest returns it) the blocks must "
            + "fold to; needs --tip")
    String digest;

    @Option(names = "--tip", description = "the digest's tip sequenceNo (DigestTipAddress)")
    Long tip;

    /**
     * What is wrong with the arguments, in words for the user, or null when they can be used. Checked before any
     * file is read, so that a typo is reported as such and not as a failed verification.
     */
    String usageError() {
        if ((digest == null) != (tip == null)) {
            return "--digest and --tip go together: the digest of a ledger is the one at its tip block";
        }
        if (tip != null && tip < 0) {
            return "--tip must be a block sequence number (0 or more), got " + tip;
        }
        if (digest != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(digest.trim());
            } catch (IllegalArgumentException e) {
                return "--digest must be a ledger digest in Base64 (32 bytes, 44 characters, as GetDigest returns "
                        + "it); '" + digest + "' is not Base64: " + e.getMessage();
            }
            if (bytes.length != Hash.LENGTH) {
                return "--digest must be a ledger digest in Base64 (32 bytes, 44 characters, as GetDigest returns "
                        + "it); '" + digest + "' decodes to " + bytes.length + " bytes";
            }
        }
        if (!Files.exists(directory)) {
            return "export directory " + directory + " does not exist";
        }
        if (!Files.isDirectory(directory)) {
            return directory + " is not a directory: give the directory that holds the export";
        }
        if (manifest != null && !Files.isRegularFile(manifest)) {
            return "--manifest " + manifest + (Files.exists(manifest) ? " is not a file" : " does not exist");
        }
        return null;
    }

    ExportReader open() {
        return ExportReader.open(directory, manifest);
    }

    /**
     * The digest, or null when none was given; call after {@link #usageError}. The strand is not part of the check
     * (sequence numbers are).
     */
    LedgerDigest expectedDigest() {
        return digest == null ? null : new LedgerDigest(Hash.fromBase64(digest.trim()), new BlockAddress("unknown", tip));
    }
}
