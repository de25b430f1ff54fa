/**
 * How streams run: the per-stream supervisor ({@link io.vellum.kafka.internal.JournalStream}), the hand-over of
 * blocks to the Kafka producer, acknowledgement tracking, the stream files. Not API: the server uses
 * {@code io.vellum.kafka} only.
 */
package io.vellum.kafka.internal;
