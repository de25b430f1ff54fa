/**
 * JMH microbenchmarks of the hot paths: revision and block hashing, the journal Merkle tree, statement parsing,
 * planning and execution, each measured in the same JMH run as this machine's ceilings
 * ({@link io.vellum.bench.micro.CeilingBenchmark}) so that ratios survive a noisy, shared machine;
 * {@link io.vellum.bench.micro.CpuTimeProfiler} adds CPU time per operation; {@link io.vellum.bench.micro.SampleDocuments}
 * are the wallet-shaped values they hash.
 *
 * <p>May use: JMH, ion-java, vellum-proof and the engine, including the query layer's internal packages (these
 * benchmarks measure internals on purpose).
 */
package io.vellum.bench.micro;
