/**
 * Real Kafka brokers for tests (KRaft, each node broker and controller): {@link io.vellum.testkit.kafka.EmbeddedKafka}
 * (one node in this JVM, restartable; {@link io.vellum.testkit.kafka.EmbeddedKafkaExtension} per test class),
 * {@link io.vellum.testkit.kafka.InProcessKafkaCluster} (N nodes in this JVM) and
 * {@link io.vellum.testkit.kafka.ChildProcessKafkaCluster} (N nodes in child JVMs, so a test can SIGKILL one). All
 * share one node configuration, {@link io.vellum.testkit.kafka.KafkaNodes}, sized for two shared cores.
 */
package io.vellum.testkit.kafka;
