/**
 * Journal export and import in Amazon QLDB's export layout: {@link io.vellum.engine.export.JournalExporter} writes a
 * ledger's blocks (a completed manifest plus data objects named {@code <strandId>.<first>-<last>.<extension>}) to a
 * directory standing in for an S3 bucket; {@link io.vellum.engine.export.ExportReader} reads such an export, whether
 * Vellum or QLDB wrote it; {@link io.vellum.engine.export.ExportVerifier} checks it block by block (internal hashes,
 * consecutive sequence numbers on one strand, the chain, optionally a digest) and throws on the first violation with
 * expected and computed values; {@link io.vellum.engine.export.JournalImporter} creates a ledger from a verified
 * export, keeping every block byte for byte so that earlier digests and proofs still verify.
 *
 * <p>May use: vellum-proof, ion-java, the engine's public API, the {@code journal} and {@code files}; it is one of
 * the four packages allowed to touch files (the engine's {@code ArchitectureTest}), creating them through
 * {@link io.vellum.engine.files.OwnerOnlyFiles}.
 */
package io.vellum.engine.export;
