package io.vellum.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison's parameters; {@link #parse} reads {@code --name value} arguments, {@link #usage} lists them.
 *
 * @param seconds       measured seconds per contender, setting and round, in slices of about {@code sliceSeconds}
 * @param workDirectory parent of every contender's store; must be on the disk being compared (not tmpfs)
 * @param sliceSeconds  length of one measured slice ({@link Schedule}); the slices of the contenders are interleaved
 */
record CompareOptions(List<String> contenders, List<Setting> settings, int threads, int accounts, int rounds,
                      double warmupSeconds, double seconds, Path workDirectory, Path output, Path postgresBinaries,
                      Path vellumJar, double sliceSeconds) {
    static final List<String> ALL = List.of("pg-plain", "pg-audit", "vellum-embedded", "vellum-driver",
            "vellum-client", "vellum-client-batched", "wallet-http");
    /**
     * Contenders run only when named: vellum-client-eager is vellum-client with {@code batchStatements(false)} (the
     * Session API only, vellum-client's default before issue 16's session 12; vellum-client is always the default
     * client); vellum-client-batched-3 is vellum-client-batched with the transfer's reads
     * one at a time (3 requests per transfer, the shape before issue 16's session 8), to compare the shapes;
     * vellum-client-batched-threads and -jetty are vellum-client-batched against a server started with
     * {@code --http-front threads} or {@code jetty} (whatever the server's default), to compare the fronts with
     * PostgreSQL side by side.
     */
    static final List<String> ON_REQUEST = List.of("vellum-client-eager", "vellum-client-batched-3",
            "vellum-client-batched-threads", "vellum-client-batched-jetty");

    static CompareOptions defaults() {
        return new CompareOptions(ALL, List.of(Setting.UNIFORM, Setting.HOT), 32, 10_000, 3, 30, 15,
                Path.of(System.getProperty("java.io.tmpdir")), Path.of("compare-results.md"),
                Path.of("/usr/lib/postgresql/15/bin"), Path.of("vellum-cli/target/vellum.jar"),
                Runner.SLICE_SECONDS);
    }

    static CompareOptions parse(String[] args) {
        CompareOptions o = defaults();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value\n" + usage());
            }
            String value = args[i + 1];
            o = switch (args[i]) {
                case "--contenders" -> o.with(names(value), o.settings, o.threads, o.accounts, o.rounds);
                case "--settings" -> o.with(o.contenders, settings(value), o.threads, o.accounts, o.rounds);
                case "--threads" -> o.with(o.contenders, o.settings, Integer.parseInt(value), o.accounts, o.rounds);
                case "--accounts" -> o.with(o.contenders, o.settings, o.threads, Integer.parseInt(value), o.rounds);
                case "--rounds" -> o.with(o.contenders, o.settings, o.threads, o.accounts, Integer.parseInt(value));
                case "--warmup" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        Double.parseDouble(value), o.seconds, o.workDirectory, o.output, o.postgresBinaries,
                        o.vellumJar, o.sliceSeconds);
                case "--seconds" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, Double.parseDouble(value), o.workDirectory, o.output, o.postgresBinaries,
                        o.vellumJar, o.sliceSeconds);
                case "--work-dir" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, o.seconds, Path.of(value), o.output, o.postgresBinaries,
                        o.vellumJar, o.sliceSeconds);
                case "--out" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, o.seconds, o.workDirectory, Path.of(value), o.postgresBinaries,
                        o.vellumJar, o.sliceSeconds);
                case "--pg-bin" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, o.seconds, o.workDirectory, o.output, Path.of(value),
                        o.vellumJar, o.sliceSeconds);
                case "--vellum-jar" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, o.seconds, o.workDirectory, o.output, o.postgresBinaries,
                        Path.of(value), o.sliceSeconds);
                case "--slice" -> new CompareOptions(o.contenders, o.settings, o.threads, o.accounts, o.rounds,
                        o.warmupSeconds, o.seconds, o.workDirectory, o.output, o.postgresBinaries, o.vellumJar,
                        Double.parseDouble(value));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            };
        }
        if (o.accounts < 2 || o.threads < 1 || o.rounds < 1 || o.sliceSeconds <= 0 || o.seconds <= 0) {
            throw new IllegalArgumentException("need at least 2 accounts, 1 thread, 1 round and measured seconds");
        }
        return o;
    }

    private CompareOptions with(List<String> newContenders, List<Setting> newSettings, int newThreads,
                                int newAccounts, int newRounds) {
        return new CompareOptions(newContenders, newSettings, newThreads, newAccounts, newRounds, warmupSeconds,
                seconds, workDirectory, output, postgresBinaries, vellumJar, sliceSeconds);
    }

    private static List<String> names(String value) {
        List<String> names = List.of(value.split(","));
        for (String name : names) {
            if (!ALL.contains(name) && !ON_REQUEST.contains(name)) {
                throw new IllegalArgumentException("unknown contender " + name + "; choose from " + ALL + " or "
                        + ON_REQUEST);
            }
        }
        return names;
    }

    private static List<Setting> settings(String value) {
        List<Setting> settings = new ArrayList<>();
        for (String name : value.split(",")) {
            settings.add(Setting.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
        }
        return settings;
    }

    static String usage() {
        CompareOptions d = defaults();
        return String.join("\n",
                "Usage: vellum-bench/compare [options]   (or java -cp vellum-bench.jar io.vellum.bench.compare.CompareCommand)",
                "  --contenders LIST  comma-separated, of " + String.join(",", ALL) + " (default: all), or "
                        + String.join(",", ON_REQUEST),
                "  --settings LIST    uniform,hot (default: both)",
                "  --threads N        client threads for every contender (default: " + d.threads + ")",
                "  --accounts N       accounts, each starting at 1,000,000.00 (default: " + d.accounts + ")",
                "  --rounds N         rounds; results are medians over them (default: " + d.rounds + "). Every contender"
                        + " stays up for the whole run and is measured in slices interleaved with the others' (pass"
                        + " after pass, the order rotated); round r is passes r, r + N, r + 2N, ...",
                "  --warmup S         seconds of warm-up before a contender's first measured slice (default: "
                        + d.warmupSeconds + "), then " + (int) Warmup.SLICE_SECONDS + " s slices until the rate is"
                        + " steady and the JVMs' compilers are quiet (at most " + Warmup.MAXIMUM_SLICES
                        + "); later settings get " + (int) Runner.SETTLE_SECONDS + " s",
                "  --seconds S        measured seconds per contender, setting and round (default: " + d.seconds + ")",
                "  --slice S          length of one measured slice, each after " + (int) Runner.LEAD_IN_SECONDS
                        + " s of unmeasured lead-in; a round's seconds are split into about S s slices (default: "
                        + d.sliceSeconds + ")",
                "  --work-dir DIR     where the stores go; put it on the disk under test (default: java.io.tmpdir)",
                "  --out FILE         Markdown results (default: " + d.output + ")",
                "  --pg-bin DIR       PostgreSQL binaries (default: " + d.postgresBinaries + ")",
                "  --vellum-jar FILE  the vellum serve jar (default: " + d.vellumJar + ")");
    }
}
