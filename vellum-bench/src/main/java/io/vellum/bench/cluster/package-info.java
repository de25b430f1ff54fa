/**
 * Cluster-mode benchmarks (issue 11; results in docs/CLUSTER.md). {@link io.vellum.bench.cluster.ClusterLoad} runs
 * the wallet transfer against single-node {@code vellum serve} and a three-node cluster on three in-process KRaft
 * brokers ({@link io.vellum.bench.cluster.ThreeBrokerKafka}) in alternating phases of one run, through vellum-client
 * and the official QLDB driver, and reports rates, latencies, follower lag, CPU per thread group
 * ({@link io.vellum.bench.cluster.ThreadCpu}) and the writer's per-stage commit timings.
 * {@link io.vellum.bench.cluster.KafkaTransactionLatency} measures one Kafka transaction on the same brokers with no
 * Vellum around it: the floor a replicated commit round cannot beat. {@link io.vellum.bench.cluster.FollowerApplyCost}
 * measures a follower's CPU per block without Kafka (decode, verify, journal, apply: the engine's follower path).
 *
 * <p>May use: vellum-server and vellum-cluster's public API, vellum-client, the QLDB driver, the test kit's brokers
 * and Kafka's clients, and the engine's replication seam ({@code LedgerReplica}, which vellum-cluster uses).
 * Nothing here asserts timings.
 */
package io.vellum.bench.cluster;
