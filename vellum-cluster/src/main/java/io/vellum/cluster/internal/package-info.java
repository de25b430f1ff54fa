/**
 * Kafka behind cluster mode: each ledger's topic ({@link io.vellum.cluster.internal.LedgerTopic}), the writer's
 * transactional block log ({@link io.vellum.cluster.internal.KafkaBlockLog}) and the reader that applies a topic's
 * blocks through the engine's verifying follower path ({@link io.vellum.cluster.internal.TopicReader}).
 */
package io.vellum.cluster.internal;
