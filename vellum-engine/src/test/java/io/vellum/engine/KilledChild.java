package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that commits to a ledger and is killed with SIGKILL mid-stream, for the crash tests. The child prints
 * {@code READY} once the ledger is open, then {@code ACK <documentId>} for every acknowledged commit. Both sides of
 * that protocol live here: {@link #runAndKill} in the test, {@link #commitUntilKilled} in the child's {@code main}.
 */
final class KilledChild {
    private KilledChild() {
    }

    /**
     * Runs {@code main} (a class with a {@code main(String[] {directory})}) on {@code directory}, kills it
     * {@code millisAfterFirstAcknowledgement} after its first acknowledged commit (a random moment of steady
     * committing, not its start-up), and adds every document id it acknowledged to {@code acknowledged}.
     */
    static void runAndKill(Class<?> main, Path directory, long millisAfterFirstAcknowledgement,
                           Set<String> acknowledged) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                main.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch firstAcknowledgement = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ") && line.length() == 4 + IdGenerator.LENGTH) {
                        acknowledged.add(line.substring(4));
                        firstAcknowledgement.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the child died mid-line: whatever was read completely counts
            }
        });
        reader.start();
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("child became ready").isTrue();
        assertThat(firstAcknowledgement.await(60, TimeUnit.SECONDS)).as("child committed").isTrue();
        Thread.sleep(millisAfterFirstAcknowledgement);
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
    }

    /** One transaction of a child's writer: returns the id of a document it inserted, which the child acknowledges. */
    @FunctionalInterface
    interface Commit {
        String run(Transaction transaction, int writer, long sequence);
    }

    /**
     * The child's side: prints {@code READY}, then runs {@code commit} in a loop on each of {@code writers} threads
     * and prints {@code ACK <documentId>} once each commit is acknowledged. Never returns; the test kills the JVM.
     */
    static void commitUntilKilled(Ledger ledger, int writers, Commit commit) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        for (int t = 0; t < writers; t++) {
            int writer = t;
            new Thread(() -> {
                for (long n = 0; ; n++) {
                    long sequence = n;
                    String documentId = ledger.execute(transaction -> commit.run(transaction, writer, sequence));
                    // one line per acknowledgement, whole, so the parent never reads half an id
                    synchronized (out) {
                        out.println("ACK " + documentId);
                        out.flush();
                    }
                }
            }, "writer-" + writer).start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
