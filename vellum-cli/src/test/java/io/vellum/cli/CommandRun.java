package io.vellum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * What one {@code vellum} command printed and returned, run in this JVM ({@link #run}) or as a user runs it,
 * in a child JVM with the command's real entry point ({@link #runInChildJvm}). Both print the run to the test's output.
 */
record CommandRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code vellum args} in this JVM, capturing {@code System.out} and {@code System.err} meanwhile. */
    static CommandRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exitCode = new CommandLine(new VellumCommand()).execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        CommandRun run = new CommandRun(exitCode, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
        System.out.println("vellum " + String.join(" ", args) + " -> " + run.exitCode() + "\n" + run.out() + run.err());
        return run;
    }

    /**
     * Runs {@code vellum args} in a child JVM in folder {@code work}, {@code input} piped to its standard input (null:
     * none, {@code /dev/null}); the child must end within 60 s.
     */
    static CommandRun runInChildJvm(Path work, String input, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                VellumCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        if (input != null) {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        CommandRun run = new CommandRun(process.exitValue(), out, err);
        System.out.println("exit " + run.exitCode() + "\n" + out + err);
        return run;
    }

    /** The standard output, which must be one JSON object. */
    JsonNode json() throws IOException {
        JsonNode node = JSON.readTree(out);
        assertThat(node.isObject()).as(out).isTrue();
        return node;
    }
}
