/**
 * Vellum's verifiable math, compatible with Amazon QLDB: Ion hashing, {@code dot}, Merkle trees, journal blocks,
 * proofs and their verification. Pure computation over ion-java values (ion-hash-java serves only as the test
 * reference); no I/O. Every public type is immutable and thread-safe unless its Javadoc says otherwise
 * ({@link io.vellum.proof.block.CommitDigest} instances are per-transaction accumulators). This package holds no
 * class; it is the module's overview.
 *
 * <h2>Rooms, and which way they depend</h2>
 * <pre>
 * io.vellum.proof.hash       Hash, Sha256, Dot, IonHash (+ its encoder), VerificationException
 *     ^
 * io.vellum.proof.merkle     MerkleTree, PerfectSubtrees, MerkleNode           (a leaf is a hash)
 *     ^
 * io.vellum.proof.block      JournalBlock, Revision, TransactionInfo, CommitDigest, LedgerDigest, BlockAddress, ...
 *     ^                ^
 * io.vellum.proof.verify     io.vellum.proof.signature
 * Verifier, ProofText        SignedDigest, SignedDigestBytes, Ed25519PublicKey, Ed25519Signature
 * </pre>
 * Every room may use the rooms below it and {@code io.vellum.error} (module vellum-errors: {@code LedgerException},
 * {@code ErrorCode}, {@code RetryPolicy}, the product's error types), never one beside or above it; vellum-proof's
 * {@code ArchitectureTest} enforces it. Each room's {@code package-info} says what it holds.
 *
 * <h2>Hashed structures and their byte layouts</h2>
 * Each structure has exactly one encoder; the layout is repeated beside it.
 * <dl>
 *   <dt>Ion Hash ({@link io.vellum.proof.hash.IonHash}, encoder {@code IonHashEncoder})</dt>
 *   <dd>Amazon Ion Hash with SHA-256: {@code H(B TQ esc(representation) E)} for scalars,
 *       {@code B 0xB0|0xC0 children E} for lists/sexps, {@code B 0xD0 esc(sorted field hashes) E} for structs,
 *       {@code B 0xE0 (B 0x70 esc(annotation) E)... value E} for annotated values, with {@code B = 0x0B},
 *       {@code E = 0x0E} and {@code esc} putting 0x0C before 0x0B/0x0C/0x0E. Scalar representations are the Ion
 *       binary bodies exactly as ion-java 1.12.1's raw writer produces them (see {@code IonHashEncoder} for each
 *       type). Cross-checked against ion-hash-java's {@code IonHashReader} and the official conformance suite.</dd>
 *   <dt>{@code dot} ({@link io.vellum.proof.hash.Dot})</dt>
 *   <dd>{@code SHA-256(min || max)} of two 32-byte hashes ordered by {@link io.vellum.proof.hash.Hash#compareTo}
 *       (signed bytes, last byte most significant); the empty hash is the identity.</dd>
 *   <dt>Merkle root ({@link io.vellum.proof.merkle.MerkleTree})</dt>
 *   <dd>Adjacent pairs combined with {@code dot}, an odd last node carried up; empty list = empty hash. The same
 *       shape as RFC 9162, whose inclusion and consistency proofs apply with {@code dot} as the node hash.</dd>
 *   <dt>Commit digest ({@link io.vellum.proof.block.CommitDigest})</dt>
 *   <dd>{@code dot(...dot(ionHash(string txId), statementHash_1)..., statementHash_n)} with
 *       {@code statementHash = dot(...dot(ionHash(string statement), ionHash(p_1))..., ionHash(p_k))}.</dd>
 *   <dt>Revision hash ({@link io.vellum.proof.block.Revision})</dt>
 *   <dd>{@code dot(ionHash({id, version, txTime, txId}), ionHash(data))}; a redacted revision uses its
 *       {@code dataHash} for {@code ionHash(data)}; a delete (no data) hashes to {@code ionHash(metadata)}.</dd>
 *   <dt>Transaction info ({@link io.vellum.proof.block.TransactionInfo})</dt>
 *   <dd>Hashed as the Ion value {@code {statements:[{statement, startTime, statementDigest}…],
 *       documents:{<documentId>:{tableName, tableId, statements:[int…]}…}}}; imported QLDB values are hashed as
 *       given.</dd>
 *   <dt>Block hash ({@link io.vellum.proof.block.JournalBlock})</dt>
 *   <dd>{@code entriesHashList = [merkleRoot(revision hashes) (only when there are revisions),
 *       ionHash(transactionInfo), ionHash(redactionInfo) (only when present)]}, {@code entriesHash =
 *       merkleRoot(entriesHashList)}, {@code blockHash = dot(entriesHash, previousBlockHash)}; block 0 has an empty
 *       {@code previousBlockHash}. QLDB's own blocks carry two more, opaque entries and verify by membership.</dd>
 *   <dt>Ledger digest ({@link io.vellum.proof.block.LedgerDigest})</dt>
 *   <dd>The Merkle root over the block hashes of sequence numbers {@code 0..tip}; tree size = tip + 1.</dd>
 *   <dt>Proofs ({@link io.vellum.proof.verify.Verifier}, {@link io.vellum.proof.verify.ProofText})</dt>
 *   <dd>A list of hashes folded onto the leaf with {@code dot} from first to last; a revision proof is
 *       {@link io.vellum.proof.block.JournalBlock#revisionProofPrefix} followed by the block's
 *       {@link io.vellum.proof.merkle.MerkleTree#inclusionProof}. Printed as QLDB's {@code Proof.IonText},
 *       {@code [{{base64}},…]}.</dd>
 *   <dt>Consistency proof ({@link io.vellum.proof.merkle.MerkleTree#consistencyProof},
 *       {@link io.vellum.proof.verify.Verifier#verifyConsistency})</dt>
 *   <dd>RFC 9162 §2.1.4 {@code PROOF(m, D[n])} with {@code dot} as the node hash; it must rebuild both digests.</dd>
 *   <dt>Signed digest ({@link io.vellum.proof.signature.SignedDigest}, encoder {@link io.vellum.proof.signature.SignedDigestBytes})</dt>
 *   <dd>Ed25519 (RFC 8032) over {@code "VELLUM-SIGNED-DIGEST-V1\0" u16(len) ledgerName u16(len) strandId u64(tip)
 *       digest[32] i64(signedAt epoch millis)}, big-endian, strings UTF-8; public keys are the 32-byte RFC 8032
 *       encoding ({@link io.vellum.proof.signature.Ed25519PublicKey}), {@code keyId} = hex of SHA-256(key)[0..8).</dd>
 * </dl>
 */
package io.vellum.proof;

