// Verification of a revision against a digest, computed entirely in this browser: the revision hash is recomputed
// from the revision's Ion text (Ion Hash of metadata and data, joined with dot), then folded with each proof hash up
// to the digest. The server's word is taken for nothing: a hash the server states is only compared against.
import { parse, field, fromBase64, toBase64 } from './ion-text.js';
import { ionHash, dot, equalBytes } from './ion-hash.js';

/** A verification that cannot start: the input is malformed. */
export class InputError extends Error {
}

/**
 * The digest the user trusts, from the JSON of the native /digest answer ({digest, tipAddress}) or of QLDB's
 * GetDigest ({Digest, DigestTipAddress: {IonText}}): {digest: Uint8Array, tipSequenceNo: number|null}.
 */
export function readDigest(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('The digest is not JSON: ' + e.message);
  }
  const qldb = json.qldb && json.qldb.GetDigest ? json.qldb.GetDigest : json;
  if (typeof qldb.Digest === 'string') {
    let tip = null;
    if (qldb.DigestTipAddress && typeof qldb.DigestTipAddress.IonText === 'string') {
      const sequenceNo = field(parse(qldb.DigestTipAddress.IonText), 'sequenceNo');
      tip = sequenceNo ? Number(sequenceNo.value) : null;
    }
    return { digest: base64(qldb.Digest, 'Digest'), tipSequenceNo: tip };
  }
  if (typeof json.digest === 'string') {
    const tip = json.tipAddress && json.tipAddress.sequenceNo !== undefined ? Number(json.tipAddress.sequenceNo) : null;
    return { digest: base64(json.digest, 'digest'), tipSequenceNo: tip };
  }
  throw new InputError('The digest must be the JSON of GET /v1/ledgers/{name}/digest ({"digest", "tipAddress"}) '
    + 'or of QLDB\'s GetDigest ({"Digest", "DigestTipAddress"})');
}

/**
 * The revision and its proof, from QLDB's GetRevision JSON ({Revision: {IonText}, Proof: {IonText}}) or the native
 * revision answer (which carries that under qldb.GetRevision): {revision (Ion value), proof: [Uint8Array]}.
 */
export function readRevision(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError('The revision is not JSON: ' + e.message);
  }
  const qldb = json.qldb && json.qldb.GetRevision ? json.qldb.GetRevision : json;
  if (!qldb.Revision || typeof qldb.Revision.IonText !== 'string') {
    throw new InputError('The revision must be the JSON of QLDB\'s GetRevision ({"Revision": {"IonText"}, '
      + '"Proof": {"IonText"}}) or of GET /v1/ledgers/{name}/revisions/{id}');
  }
  let revision;
  let proofValue;
  try {
    revision = parse(qldb.Revision.IonText);
    proofValue = qldb.Proof && typeof qldb.Proof.IonText === 'string' ? parse(qldb.Proof.IonText) : null;
  } catch (e) {
    throw new InputError('Cannot read the Ion text: ' + e.message);
  }
  if (revision.type !== 'struct' || revision.isNull) {
    throw new InputError('Revision.IonText must be a struct');
  }
  const proof = [];
  if (proofValue) {
    if (proofValue.type !== 'list' || proofValue.isNull) {
      throw new InputError('Proof.IonText must be a list of blobs');
    }
    for (const hash of proofValue.value) {
      if (hash.type !== 'blob' || hash.isNull || hash.value.length !== 32) {
        throw new InputError('every proof hash must be a 32-byte blob');
      }
      proof.push(hash.value);
    }
  }
  return { revision, proof };
}

function base64(text, name) {
  try {
    const bytes = fromBase64(text);
    if (bytes.length !== 32) {
      throw new Error('not 32 bytes');
    }
    return bytes;
  } catch (e) {
    throw new InputError(name + ' must be the Base64 of 32 bytes, got ' + JSON.stringify(text));
  }
}

/**
 * The steps of the verification, each {label, hash (Uint8Array), detail, expected (Uint8Array, optional), ok}:
 * data, metadata, the revision hash (compared with the revision's stated hash), each proof fold, and the root
 * (compared with the trusted digest). verified is true when every compared hash matched.
 */
export async function verify(revisionInput, digestInput) {
  const { revision, proof } = revisionInput;
  const steps = [];
  const metadata = field(revision, 'metadata');
  if (!metadata || metadata.type !== 'struct' || metadata.isNull) {
    throw new InputError('the revision has no metadata struct');
  }
  const data = field(revision, 'data');
  const dataHashField = field(revision, 'dataHash');
  let dataHash = new Uint8Array(0);
  if (data) {
    dataHash = await ionHash(data);
    steps.push({ label: 'data', hash: dataHash, detail: 'Ion Hash of the revision\'s data' });
  } else if (dataHashField && dataHashField.type === 'blob' && !dataHashField.isNull) {
    dataHash = dataHashField.value;
    steps.push({ label: 'data (redacted)', hash: dataHash, detail: 'the redacted revision keeps its data\'s hash' });
  } else {
    steps.push({ label: 'data', hash: dataHash, detail: 'none: a delete revision has no data' });
  }
  const metadataHash = await ionHash(metadata);
  steps.push({ label: 'metadata', hash: metadataHash, detail: 'Ion Hash of the revision\'s metadata' });
  const revisionHash = await dot(metadataHash, dataHash);
  const stated = field(revision, 'hash');
  const stateHash = stated && stated.type === 'blob' && !stated.isNull ? stated.value : null;
  steps.push({ label: 'revision hash', hash: revisionHash, detail: 'dot(metadata, data); the revision states '
      + (stateHash ? toBase64(stateHash) : 'no hash'), expected: stateHash, ok: stateHash !== null
      && equalBytes(stateHash, revisionHash) });
  let node = revisionHash;
  for (let i = 0; i < proof.length; i++) {
    node = await dot(node, proof[i]);
    steps.push({ label: 'proof ' + (i + 1) + ' of ' + proof.length, hash: node, sibling: proof[i],
      detail: 'dot(previous, ' + toBase64(proof[i]) + ')' });
  }
  steps.push({ label: 'digest', hash: node, expected: digestInput.digest, ok: equalBytes(node, digestInput.digest),
    detail: 'the root must equal the digest you trust, ' + toBase64(digestInput.digest)
      + (digestInput.tipSequenceNo !== null ? ' (tip ' + digestInput.tipSequenceNo + ')' : '') });
  const firstFailure = steps.findIndex(step => step.ok === false);
  return { steps, firstFailure, verified: firstFailure < 0 };
}
