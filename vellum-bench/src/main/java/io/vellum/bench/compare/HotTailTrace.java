package io.vellum.bench.compare;

import com.amazon.ion.IonValue;
import io.vellum.bench.TransferWorkload;
import io.vellum.client.LedgerServiceException;
import io.vellum.client.Result;
import io.vellum.client.VellumClient;
import io.vellum.client.VellumClientBuilder;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerOptions;
import io.vellum.error.LedgerException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the slowest transfers spend their time (hot accounts): the compare tool's hot (or uniform) setting, through
 * vellum-client against its own {@code vellum serve} or on an embedded ledger in this JVM ({@code --contender
 * vellum-embedded}, as the compare tool's embedded agent runs it: {@code Ledger.execute} with 10,000 conflict
 * retries), with every transfer traced attempt by attempt (when each attempt's function started, each statement's
 * time — client and server time through vellum-client — how the attempt ended: committed, failed its commit, or a
 * statement failed and why, classified from the message). Prints the failure kinds of all attempts, the attempts of
 * the slowest 0.1 % and where their time went (statements, commits, between attempts, collector pauses), and the
 * timelines of the slowest transfers.
 *
 * <pre>
 * java -cp vellum-bench.jar io.vellum.bench.compare.HotTailTrace --vellum-jar vellum.jar [--setting hot]
 *     [--contender vellum-client|vellum-embedded] [--threads 32] [--accounts 10000] [--warmup 10] [--seconds 10]
 *     [--slowest 10] [--work-dir DIR]
 * </pre>
 *
 * A diagnostic, not a benchmark: the tracing itself costs a little client time per statement.
 */
public final class HotTailTrace {
    private static final BigDecimal AMOUNT = new BigDecimal("1.00");

    /** One statement of one attempt: client time and the server's reported processing time (-1 embedded), in ms. */
    private record Step(String statement, double clientMillis, long serverMillis) {
    }

    /** One run of the transfer function. */
    private static final class Attempt {
        final long startNanos;
        final List<Step> steps = new ArrayList<>();
        long returnedNanos;
        String failure;

        Attempt(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private record Trace(int from, int to, long startNanos, long endNanos, List<Attempt> attempts) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private HotTailTrace() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>(Map.of("--setting", "hot", "--threads", "32", "--accounts",
                "10000", "--warmup", "10", "--seconds", "10", "--slowest", "10", "--contender", "vellum-client"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Setting setting = Setting.valueOf(options.get("--setting").toUpperCase(Locale.ROOT));
        int threads = Integer.parseInt(options.get("--threads"));
        int accounts = Integer.parseInt(options.get("--accounts"));
        Path workDirectory = options.containsKey("--work-dir") ? Path.of(options.get("--work-dir"))
                : Files.createTempDirectory("hot-tail-trace");
        Files.createDirectories(workDirectory);
        double warmup = Double.parseDouble(options.get("--warmup"));
        double seconds = Double.parseDouble(options.get("--seconds"));
        int slowest = Integer.parseInt(options.get("--slowest"));
        GcPauses pauses = GcPauses.record();
        switch (options.get("--contender")) {
            case "vellum-client" -> traceClient(Path.of(options.get("--vellum-jar")), workDirectory, setting, threads,
                    accounts, warmup, seconds, slowest, pauses);
            case "vellum-embedded" -> traceEmbedded(workDirectory, setting, threads, accounts, warmup, seconds,
                    slowest, pauses);
            default -> throw new IllegalArgumentException("--contender is vellum-client or vellum-embedded, got "
                    + options.get("--contender"));
        }
    }

    private static void traceClient(Path vellumJar, Path workDirectory, Setting setting, int threads, int accounts,
                                    double warmup, double seconds, int slowest, GcPauses pauses) throws Exception {
        Launcher launcher = Launcher.current(vellumJar);
        try (VellumServerProcess server = VellumServerProcess.start(launcher, workDirectory, "bench", false);
             VellumClient client = VellumClient.builder().endpoint(server.endpoint()).ledger("bench")
                     .credentials(VellumServerProcess.KEY, VellumServerProcess.SECRET)
                     .maxConcurrentTransactions(threads)
                     .retryPolicy(VellumClientBuilder.DEFAULT_RETRY_POLICY.withMaxAttempts(10_001)).build()) {
            AccountLoader.load(work -> client.execute(txn -> {
                work.accept((statement, parameters) -> txn.execute(statement, parameters).toList());
                return true;
            }), accounts, threads);
            run(client, setting, threads, accounts, warmup, null);
            ConcurrentLinkedQueue<Trace> traces = new ConcurrentLinkedQueue<>();
            run(client, setting, threads, accounts, seconds, traces);
            report(new ArrayList<>(traces), seconds, slowest, pauses);
        }
    }

    /** The embedded agent's ledger and transfers ({@link EmbeddedAgent}), traced in this JVM. */
    private static void traceEmbedded(Path workDirectory, Setting setting, int threads, int accounts, double warmup,
                                      double seconds, int slowest, GcPauses pauses) throws Exception {
        try (Ledger ledger = Ledger.open(workDirectory.resolve("ledger"),
                LedgerOptions.defaults().withConflictRetries(10_000))) {
            AccountLoader.load(work -> ledger.execute(tx -> {
                work.accept(tx::execute);
                return null;
            }), accounts, threads);
            System.out.printf(Locale.ROOT, "warm-up: %d transfers%n",
                    runEmbedded(ledger, setting, threads, accounts, warmup, null));
            ConcurrentLinkedQueue<Trace> traces = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            runEmbedded(ledger, setting, threads, accounts, seconds, traces);
            List<GcPauses.Pause> during = pauses.all().stream().filter(p -> p.endNanos() > start).toList();
            System.out.printf(Locale.ROOT, "collector pauses during the traced run: %d, %.1f ms in all, longest "
                    + "%.1f ms%n", during.size(), during.stream().mapToLong(p -> p.endNanos() - p.startNanos()).sum()
                    / 1e6, during.stream().mapToLong(p -> p.endNanos() - p.startNanos()).max().orElse(0) / 1e6);
            report(new ArrayList<>(traces), seconds, slowest, pauses);
        }
    }

    /** Runs the transfers and returns how many committed. */
    private static long runEmbedded(Ledger ledger, Setting setting, int threads, int accounts, double seconds,
                                    ConcurrentLinkedQueue<Trace> traces) throws InterruptedException {
        return LoadDriver.drive((thread, from, to) -> {
            List<Attempt> attempts = new ArrayList<>();
            long start = System.nanoTime();
            ledger.execute(tx -> {
                Attempt attempt = new Attempt(System.nanoTime());
                attempts.add(attempt);
                try {
                    return TransferWorkload.transfer((statement, parameters) -> {
                        long sent = System.nanoTime();
                        try {
                            return tx.execute(statement, parameters);
                        } finally { // a failed statement too: its time is a lock wait that ended in a conflict
                            attempt.steps.add(new Step(statement.substring(0, 6), (System.nanoTime() - sent) / 1e6,
                                    -1));
                        }
                    }, Setting.accountId(from), Setting.accountId(to), AMOUNT);
                } catch (LedgerException e) {
                    attempt.failure = classify(e.getMessage());
                    throw e;
                } finally {
                    attempt.returnedNanos = System.nanoTime();
                }
            });
            if (traces != null) {
                traces.add(new Trace(from, to, start, System.nanoTime(), attempts));
            }
        }, setting, threads, seconds, accounts, traces == null ? 1 : 2).committed();
    }

    private static void run(VellumClient client, Setting setting, int threads, int accounts, double seconds,
                            ConcurrentLinkedQueue<Trace> traces) throws InterruptedException {
        AtomicBoolean recording = new AtomicBoolean(true);
        LoadDriver.drive((thread, from, to) -> {
            List<Attempt> attempts = new ArrayList<>();
            long start = System.nanoTime();
            client.execute(txn -> {
                Attempt attempt = new Attempt(System.nanoTime());
                attempts.add(attempt);
                try {
                    return TransferWorkload.transfer((statement, parameters) -> {
                        long sent = System.nanoTime();
                        Result result = txn.execute(statement, parameters);
                        List<IonValue> values = result.toList();
                        attempt.steps.add(new Step(statement.substring(0, 6), (System.nanoTime() - sent) / 1e6,
                                result.timingInformation().map(t -> t.processingTimeMilliseconds()).orElse(-1L)));
                        return values;
                    }, Setting.accountId(from), Setting.accountId(to), AMOUNT);
                } catch (LedgerServiceException e) {
                    attempt.failure = classify(e.serviceMessage());
                    throw e;
                } finally {
                    attempt.returnedNanos = System.nanoTime();
                }
            });
            if (traces != null && recording.get()) {
                traces.add(new Trace(from, to, start, System.nanoTime(), attempts));
            }
        }, setting, threads, seconds, accounts, traces == null ? 1 : 2);
        recording.set(false);
    }

    private static String classify(String message) {
        if (message.contains("(wait-die)")) {
            return "wait-die";
        }
        if (message.contains("the most it may")) {
            return "lock-wait bound";
        }
        if (message.contains("was changed by a commit after its snapshot")) {
            return message.contains(": document ") ? "a document read changed when a lock was taken"
                    : message.contains("an index key") ? "an index key read changed when a lock was taken"
                    : "the catalog changed when a lock was taken";
        }
        String withoutIds = message.replaceAll("\\b[0-9A-Za-z]{15,22}\\b", "ID");
        return "other: " + withoutIds.substring(0, Math.min(160, withoutIds.length()));
    }

    private static void report(List<Trace> traces, double seconds, int slowest, GcPauses pauses) {
        traces.sort(Comparator.comparingDouble(Trace::millis).reversed());
        Map<String, Integer> kinds = new TreeMap<>();
        for (Trace trace : traces) {
            for (int i = 0; i < trace.attempts.size(); i++) {
                kinds.merge(outcome(trace, i), 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%d transfers in %.0f s (%.0f/s); p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms%n",
                traces.size(), seconds, traces.size() / seconds, percentile(traces, 0.5), percentile(traces, 0.99),
                percentile(traces, 0.999));
        System.out.println("attempt outcomes: " + kinds);
        holdsOfTheHotAccount(traces);
        int tail = Math.max(1, traces.size() / 1000);
        Map<String, Integer> tailKinds = new TreeMap<>();
        Map<Integer, Integer> tailAttempts = new TreeMap<>();
        double backoff = 0;
        double inStatements = 0;
        double lastCommit = 0;
        double paused = 0;
        double total = 0;
        for (Trace trace : traces.subList(0, tail)) {
            tailAttempts.merge(trace.attempts.size(), 1, Integer::sum);
            for (int i = 0; i < trace.attempts.size(); i++) {
                tailKinds.merge(outcome(trace, i), 1, Integer::sum);
                if (i > 0) {
                    backoff += (trace.attempts.get(i).startNanos - trace.attempts.get(i - 1).returnedNanos) / 1e6;
                }
                inStatements += trace.attempts.get(i).steps.stream().mapToDouble(Step::clientMillis).sum();
            }
            lastCommit += (trace.endNanos - trace.attempts.get(trace.attempts.size() - 1).returnedNanos) / 1e6;
            paused += pauses.pausedMillis(trace.startNanos, trace.endNanos);
            total += trace.millis();
        }
        System.out.printf(Locale.ROOT, "slowest 0.1 %% (%d transfers): attempts -> count %s; outcomes %s; %.0f %% of "
                + "their time between an attempt's end and the next one's start (commit that failed, abort, back-off, "
                + "StartTransaction)%n", tail, tailAttempts, tailKinds, 100 * backoff / total);
        System.out.printf(Locale.ROOT, "slowest 0.1 %%, where the time went: %.0f %% in statements (lock waits "
                + "included), %.0f %% in the last attempt's commit, %.0f %% between attempts; %.0f %% of it in "
                + "collector pauses%n", 100 * inStatements / total, 100 * lastCommit / total, 100 * backoff / total,
                100 * paused / total);
        for (Trace trace : traces.subList(0, Math.min(slowest, traces.size()))) {
            System.out.printf(Locale.ROOT, "%.1f ms acct-%d -> acct-%d, %d attempts, %.1f ms of collector pauses%n",
                    trace.millis(), trace.from, trace.to, trace.attempts.size(),
                    pauses.pausedMillis(trace.startNanos, trace.endNanos));
            long previous = trace.startNanos;
            for (int i = 0; i < trace.attempts.size(); i++) {
                Attempt attempt = trace.attempts.get(i);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  +%.1f ms then #%d:",
                        (attempt.startNanos - previous) / 1e6, i + 1));
                for (Step step : attempt.steps) {
                    line.append(step.serverMillis < 0
                            ? String.format(Locale.ROOT, " %s %.2f", step.statement, step.clientMillis)
                            : String.format(Locale.ROOT, " %s %.1f/%d", step.statement, step.clientMillis,
                                    step.serverMillis));
                }
                line.append(" -> ").append(outcome(trace, i));
                System.out.println(line);
                previous = attempt.returnedNanos;
            }
            System.out.printf(Locale.ROOT, "  +%.1f ms to the end (commit)%n", (trace.endNanos - previous) / 1e6);
        }
    }

    /**
     * For the committed attempts of transfers with account 0 (the hot setting's hot account): how long the read of
     * account 0 took (mostly the wait for its lock) and how long the attempt went on from there until its commit
     * returned (about how long it held the lock, the hand-off to the next holder not counted).
     */
    private static void holdsOfTheHotAccount(List<Trace> traces) {
        List<Double> waits = new ArrayList<>();
        List<Double> holds = new ArrayList<>();
        for (Trace trace : traces) {
            Attempt last = trace.attempts.get(trace.attempts.size() - 1);
            int hotStatement = trace.from == 0 ? 0 : trace.to == 0 ? 1 : -1;
            if (hotStatement < 0 || last.steps.size() <= hotStatement) {
                continue;
            }
            waits.add(last.steps.get(hotStatement).clientMillis);
            double afterHotRead = last.steps.subList(hotStatement + 1, last.steps.size()).stream()
                    .mapToDouble(Step::clientMillis).sum();
            holds.add(afterHotRead + (trace.endNanos - last.returnedNanos) / 1e6);
        }
        if (waits.isEmpty()) {
            return;
        }
        waits.sort(null);
        holds.sort(null);
        System.out.printf(Locale.ROOT, "transfers with account 0: %d; reading it (lock wait included) p50 %.2f, p99 "
                + "%.1f, max %.1f ms; from then to the commit's return (about the lock's holding time) p50 %.2f, p99 "
                + "%.1f, max %.1f ms, mean %.2f ms%n", waits.size(), quantile(waits, 0.5), quantile(waits, 0.99),
                waits.get(waits.size() - 1), quantile(holds, 0.5), quantile(holds, 0.99), holds.get(holds.size() - 1),
                holds.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    private static double quantile(List<Double> sortedAscending, double quantile) {
        return sortedAscending.get((int) Math.min(sortedAscending.size() - 1, quantile * sortedAscending.size()));
    }

    private static String outcome(Trace trace, int index) {
        Attempt attempt = trace.attempts.get(index);
        if (attempt.failure != null) {
            // Embedded, the failed statement is among the steps (with its time); through vellum-client it is not.
            boolean failedStepListed = !attempt.steps.isEmpty() && attempt.steps.get(0).serverMillis < 0;
            return attempt.failure + " at statement " + (attempt.steps.size() + (failedStepListed ? 0 : 1));
        }
        return index == trace.attempts.size() - 1 ? "committed" : "commit failed";
    }

    private static double percentile(List<Trace> sortedDescending, double quantile) {
        int index = (int) Math.min(sortedDescending.size() - 1, Math.floor((1 - quantile) * sortedDescending.size()));
        return sortedDescending.get(index).millis();
    }
}
