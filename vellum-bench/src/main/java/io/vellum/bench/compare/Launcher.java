package io.vellum.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the child JVMs: the same {@code java} as the runner, default JVM options (nothing tuned for
 * either side), and either this bench jar or the {@code vellum serve} jar.
 *
 * @param javaBinary the runner's own java
 * @param benchJar   the jar (or classes directory) this class was loaded from
 * @param vellumJar  vellum-cli's fat jar, {@code vellum-cli/target/vellum.jar}
 */
record Launcher(Path javaBinary, Path benchJar, Path vellumJar) {
    static Launcher current(Path vellumJar) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path bench = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new Launcher(java, bench, vellumJar.toAbsolutePath());
    }

    private static final java.util.Set<Process> CHILDREN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly),
                "compare-children-cleanup"));
    }

    /** Starts a child that is killed if the runner exits before stopping it (Ctrl-C, a failure). */
    static Process start(ProcessBuilder builder) throws java.io.IOException {
        Process process = builder.start();
        CHILDREN.add(process);
        process.onExit().thenRun(() -> CHILDREN.remove(process));
        return process;
    }

    /** {@code java -cp <bench jar> mainClass args…} */
    List<String> java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(), "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code java -jar vellum.jar serve args…} */
    List<String> serve(List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaBinary.toString(), "-jar", vellumJar.toString(), "serve"));
        command.addAll(args);
        return command;
    }

    /** The runner's class path when it runs from classes (an IDE, tests), else the bench jar. */
    private String classPath() {
        String runner = System.getProperty("java.class.path");
        return benchJar.toString().endsWith(".jar") ? benchJar.toString() : runner;
    }
}
