package io.vellum.server;

/**
 * Cluster mode's forwarding of requests that only a ledger's writer can answer. The router asks after it verified
 * the request's signature and before an endpoint sees it.
 */
public interface RequestForwarding {
    /** The header a forwarded request carries (the forwarding node's id): such a request is never forwarded again. */
    String FORWARDED_HEADER = "x-vellum-forwarded-by";

    /**
     * The writer's answer to {@code request}, or null to serve it on this node.
     *
     * @param rawTarget the request target exactly as received (path and query, still percent-encoded), which the
     *                  signature covers
     * @param session   whether it is a Session API request (else a native API request)
     */
    HttpResponse forward(HttpRequest request, String rawTarget, boolean session);
}
