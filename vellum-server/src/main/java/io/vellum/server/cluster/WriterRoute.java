package io.vellum.server.cluster;

import java.net.URI;

/**
 * Where a request that only a ledger's writer can answer goes now, as this node knows it.
 *
 * @param kind   what this node does with the request
 * @param writer the writer the catalog names (null when none); for {@link Kind#REMOTE} the node the request goes to
 * @param url    the writer's advertised URL, for {@link Kind#REMOTE} only
 */
record WriterRoute(Kind kind, String writer, URI url) {
    /** What a node does with a request for the writer. */
    enum Kind {
        /** Served on this node: it writes the ledger, does not host it, or can never write it (failed, stopped). */
        HERE,
        /** Forwarded to another node, the live writer the catalog names. */
        REMOTE,
        /**
         * No live writer is known: none is named, the named one has no known URL, or the catalog still names this
         * node although it does not write (stepping down, starting). The writer election is choosing the next one.
         */
        UNKNOWN
    }

    static WriterRoute here(String writer) {
        return new WriterRoute(Kind.HERE, writer, null);
    }

    static WriterRoute remote(String writer, URI url) {
        return new WriterRoute(Kind.REMOTE, writer, url);
    }

    static WriterRoute unknown(String writer) {
        return new WriterRoute(Kind.UNKNOWN, writer, null);
    }
}
