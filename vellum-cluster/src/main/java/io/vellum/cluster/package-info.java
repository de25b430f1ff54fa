/**
 * Cluster mode's public API: each ledger replicated through its own Kafka topic, one fenced writer per ledger, and
 * followers that verify every block before applying it. {@link io.vellum.cluster.ReplicatedLedger} is one ledger
 * of a node (writer or follower; a commit is acknowledged only after Kafka, with {@code acks=all}, and then the local
 * journal have its block; a block that does not verify stops that ledger's replication on the node and nothing of
 * it is applied); {@link io.vellum.cluster.WriterElection} chooses each ledger's writer through Kafka's
 * consumer-group assignment; {@link io.vellum.cluster.ClusterCatalog} is the cluster's shared, compacted key-value
 * topic; {@link io.vellum.cluster.ClusterSettings}, {@link io.vellum.cluster.ReplicationStatus} and
 * {@link io.vellum.cluster.CommitStageTimings} are values.
 *
 * <p>May use: kafka-clients, {@code internal}, the engine's public API and, of its internals, only the replication
 * seam ({@code LedgerReplica}, {@code BlockLog}, {@code JournalPosition}); touches no file. No public member exposes
 * a Kafka or {@code internal} type, so the server uses this package without knowing Kafka (the module's
 * {@code ArchitectureTest} checks all three).
 */
package io.vellum.cluster;
