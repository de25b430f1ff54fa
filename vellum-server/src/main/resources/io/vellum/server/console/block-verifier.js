// Verification of a whole journal block against a digest, computed in this browser (the block layout of
// io.vellum.proof.block.JournalBlock): every full revision's hash recomputed from its metadata and data, the revisions'
// Merkle root and the transaction info's Ion Hash found in the block's entriesHashList, the entries hash and the
// block hash recomputed, then the block hash folded with each proof hash up to the digest you trust.
import { parse, field, toBase64 as base64 } from './ion-text.js';
import { ionHash, dot, equalBytes } from './ion-hash.js';
import { InputError } from './verifier.js';

/**
 * The block and its proof, from QLDB's GetBlock JSON ({Block: {IonText}, Proof: {IonText}}) or the native block
 * answer (which carries that under qldb.GetBlock): {block (Ion struct), proof: [Uint8Array]}.
 */
export function readBlock(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('The block is not JSON: ' + e.message);
  }
  const qldb = json.qldb && json.qldb.GetBlock ? json.qldb.GetBlock : json;
  if (!qldb.Block || typeof qldb.Block.IonText !== 'string') {
    throw new InputError('The block must be the JSON of QLDB\'s GetBlock ({"Block": {"IonText"}, "Proof": '
      + '{"IonText"}}) or of GET /v1/ledgers/{name}/blocks/{sequenceNo}');
  }
  let block;
  let proofValue;
  try {
    block = parse(qldb.Block.IonText);
    proofValue = qldb.Proof && typeof qldb.Proof.IonText === 'string' ? parse(qldb.Proof.IonText) : null;
  } catch (e) {
    throw new InputError('Cannot read the Ion text: ' + e.message);
  }
  if (block.type !== 'struct' || block.isNull) {
    throw new InputError('Block.IonText must be a struct');
  }
  return { block, proof: proofValue ? hashes(proofValue, 'Proof.IonText') : [] };
}

function hashes(list, what) {
  if (list.type !== 'list' || list.isNull) {
    throw new InputError(what + ' must be a list of blobs');
  }
  return list.value.map(hash => {
    if (hash.type !== 'blob' || hash.isNull || hash.value.length !== 32) {
      throw new InputError('every hash of ' + what + ' must be a 32-byte blob');
    }
    return hash.value;
  });
}

function blob(struct, name, required = true) {
  const value = field(struct, name);
  if (value && value.type === 'blob' && !value.isNull) {
    return value.value;
  }
  if (required) {
    throw new InputError('the block has no ' + name + ' blob');
  }
  return null;
}

/** The Merkle root of io.vellum.proof.merkle.MerkleTree: adjacent pairs joined with dot, an odd last node carried up. */
export async function merkleRoot(leaves) {
  if (leaves.length === 0) {
    return new Uint8Array(0);
  }
  let level = leaves;
  while (level.length > 1) {
    const parents = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      parents.push(await dot(level[i], level[i + 1]));
    }
    if (level.length % 2 === 1) {
      parents.push(level[level.length - 1]);
    }
    level = parents;
  }
  return level[0];
}

function member(hash, list) {
  return list.some(entry => equalBytes(entry, hash));
}

/**
 * The steps of the block's verification, each {label, hash, detail, expected (optional), ok (optional)}, in the
 * shape verifier.js's verify() returns, so the page draws both pictures alike.
 */
export async function verifyBlock(blockInput, digestInput) {
  const { block, proof } = blockInput;
  const steps = [];
  const entries = hashes(field(block, 'entriesHashList') || { type: 'null', isNull: true }, 'entriesHashList');
  const inEntries = 'must be one of the block\'s entriesHashList (' + entries.length + ' hashes)';
  const revisions = field(block, 'revisions');
  const revisionHashes = [];
  const revisionValues = revisions && revisions.type === 'list' && !revisions.isNull ? revisions.value : [];
  for (let i = 0; i < revisionValues.length; i++) {
    const revision = revisionValues[i];
    const stated = blob(revision, 'hash');
    const metadata = field(revision, 'metadata');
    if (!metadata) {
      revisionHashes.push(stated);
      steps.push({ label: 'revision ' + (i + 1) + ' (summary)', hash: stated,
        detail: 'a revision the block carries as its hash only (e.g. of the catalog)' });
      continue;
    }
    const data = field(revision, 'data');
    const dataHash = data ? await ionHash(data) : blob(revision, 'dataHash', false) || new Uint8Array(0);
    const computed = await dot(await ionHash(metadata), dataHash);
    const id = field(metadata, 'id');
    const version = field(metadata, 'version');
    revisionHashes.push(computed);
    steps.push({ label: 'revision ' + (i + 1) + ': document ' + (id ? id.value : '?') + ' version '
        + (version ? String(version.value) : '?'), hash: computed, expected: stated, ok: equalBytes(computed, stated),
      detail: 'dot(ionHash(metadata), ionHash(data)), recomputed; the block states it as its hash' });
  }
  if (revisionHashes.length > 0) {
    const root = await merkleRoot(revisionHashes);
    steps.push({ label: 'revisions root', hash: root, ok: member(root, entries),
      detail: 'Merkle root of the ' + revisionHashes.length + ' revision hash(es); ' + inEntries });
  }
  const transactionInfo = field(block, 'transactionInfo');
  if (!transactionInfo) {
    throw new InputError('the block has no transactionInfo');
  }
  const transactionHash = await ionHash(transactionInfo);
  steps.push({ label: 'transaction info', hash: transactionHash, ok: member(transactionHash, entries),
    detail: 'Ion Hash of the statements and documents of the transaction; ' + inEntries });
  const redactionInfo = field(block, 'redactionInfo');
  if (redactionInfo && !redactionInfo.isNull) {
    const redactionHash = await ionHash(redactionInfo);
    steps.push({ label: 'redaction info', hash: redactionHash, ok: member(redactionHash, entries),
      detail: 'Ion Hash of the redaction request; ' + inEntries });
  }
  const entriesHash = await merkleRoot(entries);
  const statedEntries = blob(block, 'entriesHash');
  steps.push({ label: 'entries hash', hash: entriesHash, expected: statedEntries,
    ok: equalBytes(entriesHash, statedEntries), detail: 'Merkle root of entriesHashList; the block states it' });
  const previous = blob(block, 'previousBlockHash', false) || new Uint8Array(0);
  const blockHash = await dot(entriesHash, previous);
  const statedBlock = blob(block, 'blockHash');
  steps.push({ label: 'block hash', hash: blockHash, expected: statedBlock, ok: equalBytes(blockHash, statedBlock),
    detail: 'dot(entries hash, previous block hash ' + (previous.length ? base64(previous) : '(empty: block 0)')
      + '); the block states it' });
  let node = blockHash;
  for (let i = 0; i < proof.length; i++) {
    node = await dot(node, proof[i]);
    steps.push({ label: 'proof ' + (i + 1) + ' of ' + proof.length, hash: node,
      detail: 'dot(previous, ' + base64(proof[i]) + ')' });
  }
  steps.push({ label: 'digest', hash: node, expected: digestInput.digest, ok: equalBytes(node, digestInput.digest),
    detail: 'the root must equal the digest you trust, ' + base64(digestInput.digest)
      + (digestInput.tipSequenceNo !== null ? ' (tip ' + digestInput.tipSequenceNo + ')' : '') });
  const firstFailure = steps.findIndex(step => step.ok === false);
  return { steps, firstFailure, verified: firstFailure < 0 };
}
