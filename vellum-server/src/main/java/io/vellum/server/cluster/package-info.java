/**
 * The server as a node of a cluster ({@code vellum serve --cluster}): {@link io.vellum.server.cluster.ClusterNode}
 * hosts every ledger as a vellum-cluster {@link io.vellum.cluster.ReplicatedLedger} (the
 * {@link io.vellum.server.hosting.LedgerHosting} of the node's {@link io.vellum.server.hosting.LedgerRegistry}), keeps the cluster's
 * ledger metadata, and forwards requests that only a ledger's writer can answer ({@code HttpForwarder}: exactly as
 * the client signed them, so the writer checks the client's own signature).
 *
 * <p>May use: vellum-cluster's public API (never Kafka itself: the server's {@code ArchitectureTest}), the engine's
 * public API, Jackson, SLF4J and the server's hosting seams ({@code LedgerHosting}, {@code RequestForwarding},
 * {@code ClusterView}); no Jetty.
 */
package io.vellum.server.cluster;
