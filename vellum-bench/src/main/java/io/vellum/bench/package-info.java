/**
 * Vellum's load generators and scale runs, run from the bench jar (not tests: nothing here asserts timings).
 * {@link io.vellum.bench.TransferWorkload} is the one wallet transfer (two indexed reads, two updates, one insert)
 * every load generator runs, whatever the client: {@link io.vellum.bench.TransferLoad} on an embedded durable
 * ledger, {@link io.vellum.bench.ServerTransferLoad} against {@code vellum serve} through the official QLDB Java
 * driver or vellum-client. {@link io.vellum.bench.ScaleRun} and {@link io.vellum.bench.ScaleSeries} fill a ledger to
 * given sizes and measure proofs and history queries at each; {@link io.vellum.bench.MachineCeilings} measures the
 * machine's SHA-256 and append-plus-fdatasync rates, the ceilings a commit cannot beat.
 *
 * <p>May use: the engine's public API, vellum-proof, vellum-client, ion-java, the AWS SDK with the QLDB driver, JMH's
 * runner and HdrHistogram. Nothing depends on this module.
 */
package io.vellum.bench;
