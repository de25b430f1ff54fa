package io.vellum.bench;

import io.vellum.bench.TransferWorkload.Statements;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * vellum-client of another build, in this JVM: loads vellum-client, vellum-sigv4 and the bench's own client glue
 * ({@link ServerTransferLoad}, {@link UnreadResults}) from another vellum-bench jar, everything else (Ion, Jackson,
 * vellum-proof, the workload) from this one, so that {@link ServerModesComparison} can run two builds of the client
 * in alternating slices of one run (the client's CPU is this process's, and only one mode runs at a time).
 * The other build's {@code ServerTransferLoad.clientExecutor} must have this build's signature.
 */
final class ClientBuildLoader extends ClassLoader {
    private static final List<String> OWN_PREFIXES = List.of("io.vellum.client.", "io.vellum.sigv4.",
            "io.vellum.bench.ServerTransferLoad", "io.vellum.bench.UnreadResults");

    private final JarFile jar;

    private ClientBuildLoader(Path benchJar) throws IOException {
        super("vellum-client of " + benchJar, ClientBuildLoader.class.getClassLoader());
        this.jar = new JarFile(benchJar.toFile());
    }

    /** The batched or unbatched vellum-client executor of the build in {@code benchJar}. */
    @SuppressWarnings("unchecked")
    static Function<Function<Statements, Boolean>, Boolean> clientExecutor(Path benchJar, URI endpoint, int threads,
                                                                           boolean batched) throws Exception {
        ClientBuildLoader loader = new ClientBuildLoader(benchJar);
        Class<?> load = loader.loadClass(ServerTransferLoad.class.getName());
        Method executor = load.getDeclaredMethod("clientExecutor", URI.class, int.class, boolean.class);
        executor.setAccessible(true);
        return (Function<Function<Statements, Boolean>, Boolean>) executor.invoke(null, endpoint, threads, batched);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (OWN_PREFIXES.stream().noneMatch(name::startsWith)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = findClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ZipEntry entry = jar.getEntry(name.replace('.', '/') + ".class");
        if (entry == null) {
            throw new ClassNotFoundException(name + " is not in " + jar.getName());
        }
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + " could not be read from " + jar.getName(), e);
        }
    }
}
