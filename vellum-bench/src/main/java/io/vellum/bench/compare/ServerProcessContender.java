package io.vellum.bench.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * A contender served by its own {@code vellum serve} process, started in {@link #setUp} on a fresh data directory:
 * the server's process is what CPU and memory are reported for, its data directory what disk use is measured on,
 * and the client threads run in the runner's JVM.
 */
abstract class ServerProcessContender implements Contender {
    protected final Launcher launcher;
    protected final Path workDirectory;
    protected final int threads;
    protected final int accounts;
    /** Null until {@link #setUp} started it. */
    protected VellumServerProcess server;

    ServerProcessContender(Launcher launcher, Path workDirectory, int threads, int accounts) {
        this.launcher = launcher;
        this.workDirectory = workDirectory;
        this.threads = threads;
        this.accounts = accounts;
    }

    @Override
    public long storeBytes() {
        return server.dataBytes();
    }

    @Override
    public List<Long> serverPids() {
        return List.of(server.pid());
    }

    @Override
    public boolean clientsInRunner() {
        return true;
    }

    /** Stops the server process, if it was started. */
    protected void closeServer() {
        if (server != null) {
            server.close();
        }
    }
}
