package io.vellum.proof.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes Vellum's golden vectors ({@link GoldenVectors#files()}) into a folder: the argument, else
 * {@code src/test/resources/vectors} of vellum-proof (run from the project root or the module's directory).
 * CONTRIBUTING.md ("Test vectors") gives the commands. Regenerate only when a change of the hashing or proof code is
 * meant to change the vectors, and review the diff: it is the change's effect on everything Vellum ever hashed or
 * signed.
 */
public final class GoldenVectorGenerator {
    private GoldenVectorGenerator() {
    }

    /** @param args optionally the folder to write into */
    public static void main(String[] args) throws IOException {
        Path folder = args.length > 0 ? Path.of(args[0]) : defaultFolder();
        Files.createDirectories(folder);
        for (Map.Entry<String, String> file : GoldenVectors.files().entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + path + " (" + file.getValue().lines().count() + " lines)");
        }
    }

    private static Path defaultFolder() {
        Path resources = Path.of("src", "test", "resources", GoldenVectors.FOLDER);
        return Files.isDirectory(Path.of("vellum-proof")) ? Path.of("vellum-proof").resolve(resources) : resources;
    }
}
