package io.vellum.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code vellum serve} processes of one comparison run, one per contender, each started on the contender's
 * first use and kept until the run ends, as the one PostgreSQL cluster is: the contender gets a fresh ledger in it
 * (CreateLedger, then DeleteLedger after its check), as each PostgreSQL contender gets a fresh database. (Since
 * issue 16's session 13 every contender serves the whole run; before, each round had its own.) A fresh server
 * per round measured its JIT warm-up as much as its steady state: round 2's fresh server settled at 1.42× round 1's
 * CPU per transfer (issue 16, session 10). One server per contender rather than one for all: each server's
 * compiled code is then shaped by its own contender's requests only, so a contender's result does not depend on
 * which others ran in the same run.
 */
final class VellumServers implements AutoCloseable {
    /** Starts a server. */
    @FunctionalInterface
    interface Start {
        VellumServerProcess start() throws Exception;
    }

    private final Map<String, VellumServerProcess> servers = new LinkedHashMap<>();
    private int ledgers;

    /** The server of {@code contender}, started by {@code start} on first use. */
    synchronized VellumServerProcess of(String contender, Start start) throws Exception {
        VellumServerProcess server = servers.get(contender);
        if (server == null) {
            server = start.start();
            servers.put(contender, server);
        }
        return server;
    }

    /** Whether {@code contender}'s server is already running (it ran an earlier round). */
    synchronized boolean running(String contender) {
        return servers.containsKey(contender);
    }

    /** A ledger name not used before in this run: {@code bench-1}, {@code bench-2}, … */
    synchronized String nextLedgerName() {
        return "bench-" + (++ledgers);
    }

    /** Stops every server (SIGTERM, as {@link VellumServerProcess#close}) and deletes its data directory. */
    @Override
    public synchronized void close() {
        List<VellumServerProcess> started = new ArrayList<>(servers.values());
        servers.clear();
        started.forEach(VellumServerProcess::close);
    }
}
