/**
 * Vellum's test kit: what the modules' tests share instead of each keeping a copy. {@code vectors} finds the shared
 * QLDB vectors (skipping, or failing when they are required); {@code kafka} starts real KRaft brokers, one in this
 * JVM or a cluster in this JVM or in child JVMs. Uses only JUnit's API and Kafka; knows no Vellum module, so that
 * every module's tests can depend on it. Never on a runtime classpath.
 */
package io.vellum.testkit;
