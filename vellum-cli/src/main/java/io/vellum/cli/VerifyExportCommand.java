package io.vellum.cli;

import io.vellum.engine.export.ExportReader;
import io.vellum.engine.export.ExportVerifier;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
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

    @picocli.CommandLine.Option(names = "--json", description = "print one JSON object instead of prose, for scripts")
    boolean json;

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
            ExportVerifier.Verified verified;
            try (TerminalProgress progress = TerminalProgress.onStandardError()) {
                verified = ExportVerifier.verify(reader, expected, progress);
            }
            if (json) {
                System.out.println(JsonOutput.text(json(verified, expected)));
                return 0;
            }
            System.out.println("verified " + verified.blocks() + " blocks " + verified.firstSequenceNo() + ".."
                    + verified.lastSequenceNo() + " of strand " + verified.strandId() + ": every block's hashes and the "
                    + "hash chain hold; last block hash " + verified.lastBlockHash()
                    + (verified.merkleRoot() != null ? "; digest at the last block " + verified.merkleRoot() : "")
                    + (expected != null ? "; blocks 0.." + source.tip + " fold to the given digest" : ""));
            return 0;
        } catch (LedgerException e) {
            System.err.println("verification FAILED: " + e.getMessage());
            if (json && e.code() == io.vellum.error.ErrorCode.VERIFICATION_FAILED) {
                com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
                root.put("verified", false);
                root.put("message", e.getMessage());
                System.out.println(JsonOutput.text(root));
            }
            return 1;
        }
    }

    /**
     * {@code --json}: {@code {"verified": true, "strandId", "firstSequenceNo", "lastSequenceNo", "blocks",
     * "lastBlockHash", "digest" (at the last block, when the export starts at block 0, else null),
     * "givenDigest" ({"digest", "tipSequenceNo"} when --digest was given, else null)}}; an export that does not
     * verify: {@code {"verified": false, "message"}} (exit code 1).
     */
    private static com.fasterxml.jackson.databind.node.ObjectNode json(ExportVerifier.Verified verified,
                                                                      LedgerDigest expected) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JsonOutput.object();
        root.put("verified", true);
        root.put("strandId", verified.strandId());
        root.put("firstSequenceNo", verified.firstSequenceNo());
        root.put("lastSequenceNo", verified.lastSequenceNo());
        root.put("blocks", verified.blocks());
        root.put("lastBlockHash", verified.lastBlockHash().toBase64());
        root.put("digest", verified.merkleRoot() == null ? null : verified.merkleRoot().toBase64());
        if (expected == null) {
            root.putNull("givenDigest");
        } else {
            root.putObject("givenDigest").put("digest", expected.digest().toBase64())
                    .put("tipSequenceNo", expected.tipAddress().sequenceNo());
        }
        return root;
    }
}
