package io.vellum.server;

/**
 * Whether a started server has finished what its operator asked for at start (creating {@code --ledger}, starting the
 * wallet), as {@code GET /health} reports it: 503 {@code "status":"starting"} until {@link #markReady}, so a load
 * balancer or container probe sends no client to a server whose ledgers are not there yet. A server started by an
 * embedding program that has nothing more to do is {@link #ready()} from the start. Thread-safe: marked by the
 * starting thread, read by every request thread.
 */
public final class Readiness {
    private volatile boolean ready;

    private Readiness(boolean ready) {
        this.ready = ready;
    }

    /** Ready from the start. */
    public static Readiness ready() {
        return new Readiness(true);
    }

    /** Starting until {@link #markReady}. */
    public static Readiness starting() {
        return new Readiness(false);
    }

    /** From now on the server is ready; idempotent. */
    public void markReady() {
        ready = true;
    }

    public boolean isReady() {
        return ready;
    }
}
