/**
 * Vellum's own HTTP/1.1 front ({@code vellum serve --http-front threads}): one platform thread per connection blocked
 * in {@code read} ({@link io.vellum.server.front.ThreadPerConnectionFront}), a strict request-head parser that makes
 * request smuggling impossible by refusing every ambiguous framing, the same limits as Jetty's front (head size,
 * body size and rate, idle timeout, connections per peer, plus a total), TLS on the accepted sockets, chunked
 * streaming answers, and a graceful stop. It parses and frames HTTP only: every request goes to the one dispatch
 * ({@link io.vellum.server.http.RequestRoutes}) that Jetty's front calls too.
 *
 * <p>May use: {@code http}, SLF4J and the JDK; no other package of the server, and not Jetty (the server's
 * {@code ArchitectureTest}).
 */
package io.vellum.server.front;
