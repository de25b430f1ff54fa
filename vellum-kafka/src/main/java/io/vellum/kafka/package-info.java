/**
 * Journal streams to Kafka in QLDB's stream record format (COMPATIBILITY.md §11.2): {@link io.vellum.kafka.StreamManager} runs
 * the streams QLDB's control plane creates, {@link io.vellum.kafka.StreamRecords} and
 * {@link io.vellum.kafka.BlockAssembler} convert between blocks and records, {@link io.vellum.kafka.SseStream}
 * serves the same records as Server-Sent Events. The only module that depends on kafka-clients; its public types
 * expose none of Kafka's.
 */
package io.vellum.kafka;
