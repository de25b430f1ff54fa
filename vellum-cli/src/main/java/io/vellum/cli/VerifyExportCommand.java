package io.vellum.cli;

import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.ExportVerifier;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vellum verify-export DIR}: checks an export's hashes and chain, optionally against a digest. */
@Command(name = "verify-export", mixinStandardHelpOptions = true,
        description = "Verify an export (Vellum's or Amazon QLDB's): every block's hashes, the chain, and optionally a digest.")
final class VerifyExportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the export directory")
    Path directory;

    @Option(names = "--manifest", description = "the completed manifest, when the directory holds several exports")
    Path manifest;

    @Mixin
    DigestOptions digestOptions;

    @Override
    public Integer call() {
        try {
            if (digestOptions.incomplete()) {
                System.err.println("error: --digest and --tip go together");
                return 2;
            }
            ExportReader reader = ExportReader.open(directory, manifest);
            LedgerDigest expected = digestOptions.toDigest();
            ExportVerifier.Verified verified = ExportVerifier.verify(reader, expected);
            System.out.println("verified " + verified.blocks() + " blocks " + verified.firstSequenceNo() + ".."
                    + verified.lastSequenceNo() + " of strand " + verified.strandId() + ": every block's hashes and the "
                    + "hash chain hold; last block hash " + verified.lastBlockHash()
                    + (verified.merkleRoot() != null ? "; digest at the last block " + verified.merkleRoot() : "")
                    + (expected != null ? "; blocks 0.." + digestOptions.tip + " fold to the given digest" : ""));
            return 0;
        } catch (LedgerException | IllegalArgumentException e) {
            System.err.println("verification FAILED: " + e.getMessage());
            return 1;
        }
    }
}
