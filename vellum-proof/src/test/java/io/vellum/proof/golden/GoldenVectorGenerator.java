package io.vellum.proof.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes Vellum's golden vectors ({@link GoldenVectors#files()}) into a folder, by default
 * {@code src/test/resources/vectors} of vellum-proof (run from the project root or the module's directory):
 * <pre>
 * mvn -B -o -pl vellum-proof -am test-compile
 * java -cp "$(cat vellum-proof/target/test-classpath.txt):vellum-proof/target/classes:vellum-proof/target/test-classes" \
 *     io.vellum.proof.golden.GoldenVectorGenerator
 * </pre>
 * (CONTRIBUTING.md gives the exact commands.) Regenerate only when a change of the hashing or proof code is meant
 * to change the vectors: review the diff, it is the change's effect on everything Vellum has ever signed.
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
