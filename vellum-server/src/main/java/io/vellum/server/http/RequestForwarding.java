package io.vellum.server.http;

/**
 * Cluster mode's forwarding of requests that only a ledger's writer can answer. The router asks after it verified
 * the request's signature and before an endpoint sees it.
 */
public interface RequestForwarding {
    /** The header a forwarded request carries (the forwarding node's id): such a request is never forwarded again. */
    String FORWARDED_HEADER = "x-vellum-forwarded-by";

    /** Which API a request belongs to: decides which requests concern a ledger's writer and the error's shape. */
    enum Api {
        /** The QLDB Session API (AWS JSON 1.0, {@code POST /}). */
        SESSION,
        /** Vellum's native API ({@code /v1}). */
        NATIVE,
        /** The QLDB control plane (REST-JSON). */
        CONTROL
    }

    /**
     * The writer's answer to {@code request}, or null to serve it on this node.
     *
     * @param rawTarget the request target exactly as received (path and query, still percent-encoded), which the
     *                  signature covers
     * @param api       the API the router took the request for
     */
    HttpResponse forward(HttpRequest request, String rawTarget, Api api);
}
