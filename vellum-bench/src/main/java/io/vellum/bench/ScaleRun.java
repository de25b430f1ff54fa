package io.vellum.bench;

import io.vellum.engine.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scale run at one size: fills a ledger with N revisions ({@link ScaleFill}; insert-only unless
 * {@code vellum.updateShare} says otherwise, as in issue 2), then measures reopen time, proof generation and
 * verification, history-by-id queries and bytes on disk ({@link ScaleMeasurement}). For several sizes in one run
 * see {@link ScaleSeries}.
 * Usage: {@code ScaleRun [revisions=1000000] [dir]}; with revisions 0 an existing ledger is only measured.
 */
public final class ScaleRun {
    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vellum-scale");
        if (target > 0) {
            try (Ledger ledger = Ledger.open(directory)) {
                ScaleFill.Result filled = new ScaleFill(Double.parseDouble(System.getProperty("vellum.updateShare",
                        "0"))).fill(ledger, target);
                System.out.printf("filled %d revisions in %.1f s%n", filled.revisions(), filled.seconds());
            }
        }
        long openStart = System.nanoTime();
        try (Ledger ledger = Ledger.open(directory)) {
            System.out.printf("reopen: %.0f ms%n", (System.nanoTime() - openStart) / 1e6);
            new ScaleMeasurement().measure(ledger).print(System.out);
        }
    }
}
