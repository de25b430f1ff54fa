/**
 * The server's entry points and wiring: {@link io.vellum.server.VellumServer} serves the QLDB Session API, the QLDB
 * control plane, the native API, {@code /metrics} and {@code /health} on one HTTP(S) port over the ledgers in
 * {@code <data>/ledgers/}, configured by {@link io.vellum.server.ServerConfig}. This package holds only what puts the
 * rooms together: the one dispatch {@code RequestDispatch} (routes, authenticates with {@code auth}, then serves the
 * console, calls an endpoint or forwards to a ledger's writer), the one Jetty handler {@code RequestRouter} (a thin
 * adapter to it), the choice of HTTP front ({@link io.vellum.server.HttpFront}), {@code /health}
 * ({@code HealthEndpoint}), the TLS key store ({@code PemKeyStore}) and the journals' outputs
 * ({@code JournalOutputs}: exports, Kafka streams, event streams). The rooms it wires:
 * <ul>
 *   <li>{@code http}: the HTTP plumbing every API shares (the {@code Endpoint} seam, the dispatch seam
 *       {@code RequestRoutes}, input limits, error answers);</li>
 *   <li>{@code front}: Vellum's own HTTP/1.1 front, one platform thread per connection ({@code --http-front
 *       threads});</li>
 *   <li>{@code hosting}: the ledgers of a data directory ({@code LedgerRegistry}, their metadata, the directory
 *       lock);</li>
 *   <li>{@code metrics}: the server's counters and {@code /metrics};</li>
 *   <li>the APIs {@code session}, {@code control}, {@code nativeapi}, {@code exports}, {@code console}; SigV4
 *       {@code auth}; cluster mode {@code cluster}.</li>
 * </ul>
 *
 * <p>Contracts: every request is read whole within {@code InputLimits} and authenticated (SigV4, package
 * {@code auth}) before an endpoint sees it; a commit that was acknowledged is durable before its response is written.
 *
 * <p>May use: every package of the server, the engine's public API ({@code io.vellum.engine}, {@code export},
 * {@code signing}, {@code files}; never its internals), vellum-kafka's public API (never Kafka itself),
 * vellum-cluster, Jetty, Jackson, ion-java, SLF4J. No other package of the server depends on it, and only it and
 * {@code http} know Jetty (the server's {@code ArchitectureTest}); the API packages see HTTP only through
 * {@code http.Endpoint}.
 */
package io.vellum.server;
