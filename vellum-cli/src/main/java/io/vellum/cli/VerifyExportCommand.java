package io.vellum.cli;

import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.ExportVerifier;
import io.vellum.proof.LedgerDigest;
import io.vellum.proof.LedgerException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vellum verify-export DIR}: checks an export's hashes and chain, optionally against a digest. Exit codes: 0
 * verified, 1 the export does not verify (the message names the first bad block), 2 unusable arguments.
 */
@Command(name = "verify-export", mixinStandardHelpOptions = true,
        description = "Verify an export (Vellum's or Amazon QLDB's): every block's hashes, the chain, and optionally a digest.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:verified", "1:the export does not verify (the first bad block is named)",
                "2:bad arguments (missing directory, bad --digest or --tip)"})
final class VerifyExportCommand implements Callable<Integer> {
    @Mixin
    ExportSource source;

    @Override
    public Integer call() {
        String usageError = source.usageError();
        if (usageError != null) {
            System.err.println("error: " + usageError);
            return 2;
        }
        try {
            ExportReader reader = source.open();
            LedgerDigest expected = source.expectedDigest();
            ExportVerifier.Verified verified = ExportVerifier.verify(reader, expected);
            System.out.println("verified " + verified.blocks() + " blocks " + verified.firstSequenceNo() + ".."
                    + verified.lastSequenceNo() + " of strand " + verified.strandId() + ": every block's hashes and the "
                    + "hash chain hold; last block hash " + verified.lastBlockHash()
                    + (verified.merkleRoot() != null ? "; digest at the last block " + verified.merkleRoot() : "")
                    + (expected != null ? "; blocks 0.." + source.tip + " fold to the given digest" : ""));
            return 0;
        } catch (LedgerException e) {
            System.err.println("verification FAILED: " + e.getMessage());
            return 1;
        }
    }
}
