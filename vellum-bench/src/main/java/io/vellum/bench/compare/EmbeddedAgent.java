package io.vellum.bench.compare;

import io.vellum.bench.TransferWorkload;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded contender's own JVM, so that its memory and CPU are its own. It obeys line commands from the runner
 * on stdin, answering on stdout with lines starting {@value #ANSWER}: {@code OPEN <directory>} opens a fresh
 * durable ledger there ({@link #OPTIONS}), {@code SETUP}, {@code RUN <setting> <seconds> <seed>} and
 * {@code CHECK <committed>} work on it, {@code CLOSE} closes it, {@code QUIT} ends the JVM. One agent serves the
 * whole run, with one fresh ledger, so that its compiled code carries over as the runner's and the servers' do
 * (docs/COMPARISON.md, "Issue 16, session 11").
 *
 * <p>Usage: {@code EmbeddedAgent <threads> <accounts>}
 */
public final class EmbeddedAgent {
    static final String ANSWER = "@@ ";
    /**
     * Default options but for two bounds that do not change any transfer's cost: the conflict retries (how often
     * {@code execute} re-runs a conflicting transfer, 10,000) and the transaction timeout, raised from 30 s to 10
     * minutes for the check, whose one transaction reads every transfer of the run: after a long warm-up on a busy
     * machine (≈ 400,000 transfers, load 45 – 75) it expired at 30 s. No transfer lasts near 30 s.
     */
    static final LedgerOptions OPTIONS = LedgerOptions.defaults().withConflictRetries(10_000)
            .withTransactionTimeout(Duration.ofMinutes(10));
    private static final BigDecimal AMOUNT = new BigDecimal("1.00");

    private EmbeddedAgent() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int accounts = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        AtomicLong attempts = new AtomicLong();
        Ledger ledger = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] command = line.trim().split(" ");
                try {
                    if (ledger == null && List.of("SETUP", "RUN", "CHECK", "CLOSE").contains(command[0])) {
                        throw new IllegalStateException(command[0] + " needs an open ledger: OPEN <directory> first");
                    }
                    switch (command[0]) {
                        case "OPEN" -> {
                            if (ledger != null) {
                                throw new IllegalStateException("a ledger is open already: CLOSE it first");
                            }
                            ledger = Ledger.open(Path.of(command[1]), OPTIONS);
                            out.println(ANSWER + "OK");
                        }
                        case "CLOSE" -> {
                            ledger.close();
                            ledger = null;
                            out.println(ANSWER + "OK");
                        }
                        case "SETUP" -> {
                            Ledger open = ledger;
                            AccountLoader.load(work -> open.execute(tx -> {
                                work.accept(tx::execute);
                                return null;
                            }), accounts, threads);
                            out.println(ANSWER + "OK");
                        }
                        case "RUN" -> {
                            Ledger open = ledger;
                            long before = attempts.get();
                            LoadDriver.Interval interval = LoadDriver.drive((thread, from, to) -> open.execute(tx -> {
                                attempts.incrementAndGet();
                                return TransferWorkload.transfer(tx::execute, Setting.accountId(from),
                                        Setting.accountId(to), AMOUNT);
                            }), Setting.valueOf(command[1]), threads, Double.parseDouble(command[2]), accounts,
                                    Long.parseLong(command[3]));
                            out.println(ANSWER + "OK " + encode(interval.withRetries(
                                    attempts.get() - before - interval.committed())));
                        }
                        case "CHECK" -> {
                            String result = ledger.execute(tx -> VellumChecks.accountsAndTransfers("vellum-embedded",
                                    tx::execute, accounts, Long.parseLong(command[1])));
                            var digest = ledger.verifyJournal();
                            out.println(ANSWER + "OK " + result + "; journal of " + (digest.tipAddress().sequenceNo() + 1)
                                    + " blocks verified (CRCs, block hashes, chain, Merkle root = digest)");
                        }
                        case "QUIT" -> {
                            if (ledger != null) {
                                ledger.close();
                                ledger = null;
                            }
                            out.println(ANSWER + "OK");
                            return;
                        }
                        default -> out.println(ANSWER + "FAIL unknown command " + line);
                    }
                } catch (Exception | AssertionError e) {
                    e.printStackTrace();
                    out.println(ANSWER + "FAIL " + String.valueOf(e).replace('\n', ' '));
                }
            }
        } finally {
            if (ledger != null) { // the runner went away without CLOSE: still close the ledger cleanly
                ledger.close();
            }
        }
    }

    /** committed retries seconds base64(compressed histogram). */
    static String encode(LoadDriver.Interval interval) {
        ByteBuffer buffer = ByteBuffer.allocate(interval.latencyMicros().getNeededByteBufferCapacity());
        int length = interval.latencyMicros().encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return interval.committed() + " " + interval.retries() + " " + interval.seconds() + " "
                + Base64.getEncoder().encodeToString(bytes);
    }

    static LoadDriver.Interval decode(String text) throws java.util.zip.DataFormatException {
        String[] parts = text.split(" ");
        org.HdrHistogram.Histogram histogram = org.HdrHistogram.Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(parts[3])), 0);
        return new LoadDriver.Interval(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                Double.parseDouble(parts[2]), histogram);
    }
}
