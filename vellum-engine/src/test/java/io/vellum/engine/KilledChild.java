package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that commits to a ledger and is killed with SIGKILL mid-stream, for the crash tests. The child prints
 * {@code READY} once the ledger is open, then {@code ACK <documentId>} for every acknowledged commit.
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
}
