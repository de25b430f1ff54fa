// Several statements in one transaction, through the Session API (StartSession, AbortTransaction, EndSession) and
// the batch endpoint (start, one statement per Run, commit). The commit digest is folded here, in the browser, as
// QLDB's drivers fold it (CommitDigest in vellum-proof): the server commits only when its own digest agrees.
import { parseJson, JsonNumber } from './api.js';
import { parse, value as ionValue, toBase64, fromBase64 } from './ion-text.js';
import { ionHash, dot, equalBytes } from './ion-hash.js';
import { readBinary } from './ion-binary.js';

/** JSON text of value, numbers as the user typed them (JSON is Ion text with the same meaning). */
function jsonText(value) {
  if (value instanceof JsonNumber) {
    return value.text;
  }
  if (Array.isArray(value)) {
    return '[' + value.map(jsonText).join(',') + ']';
  }
  if (value !== null && typeof value === 'object') {
    return '{' + Object.entries(value).map(([name, item]) => JSON.stringify(name) + ':' + jsonText(item)).join(',')
      + '}';
  }
  return JSON.stringify(value);
}

/** The Ion text of each parameter of a JSON array's text ('' for none). */
export function parameterTexts(parametersText) {
  if (parametersText.trim() === '') {
    return [];
  }
  const parsed = parseJson(parametersText);
  if (!Array.isArray(parsed)) {
    throw new Error('Parameters must be a JSON array, one value per ?');
  }
  return parsed.map(jsonText);
}

/** QLDB's statement hash: dot(...dot(ionHash(string statement), ionHash(p1))..., ionHash(pn)). */
export async function statementHash(statement, parameterIonTexts) {
  let hash = await ionHash(ionValue('string', statement));
  for (const text of parameterIonTexts) {
    hash = await dot(hash, await ionHash(parse(text)));
  }
  return hash;
}

/** An open transaction on its own Session API session. */
export class Transaction {
  constructor(api, ledger, sessionToken, transactionId, digest) {
    this.api = api;
    this.ledger = ledger;
    this.sessionToken = sessionToken;
    this.id = transactionId;
    this.digest = digest;
    this.statements = 0;
    this.closed = false;
  }

  /** Starts a session on ledger and a transaction on it. */
  static async start(api, ledger) {
    const started = await api.sendCommand({ StartSession: { LedgerName: ledger } });
    const sessionToken = started.StartSession.SessionToken;
    try {
      const answer = await api.batch(ledger, { SessionToken: sessionToken, Statements: [] });
      return new Transaction(api, ledger, sessionToken, answer.TransactionId,
        await ionHash(ionValue('string', answer.TransactionId)));
    } catch (e) {
      await api.sendCommand({ SessionToken: sessionToken, EndSession: {} }).catch(() => {});
      throw e;
    }
  }

  /**
   * Runs a statement in the transaction: {values (Ion values of the first page), more (true when the server has
   * further pages)}. A failure of the statement aborts the whole transaction (the batch endpoint's rule) and
   * closes this object; a parameter the console cannot read leaves it open.
   */
  async run(statement, parametersText) {
    const texts = parameterTexts(parametersText);
    const hash = await statementHash(statement, texts);
    let answer;
    try {
      answer = await this.api.batch(this.ledger, { SessionToken: this.sessionToken, TransactionId: this.id,
        Statements: [{ Statement: statement, Parameters: texts.map(text => ({ IonText: text })) }] });
    } catch (e) {
      await this.end();
      throw e;
    }
    this.digest = await dot(this.digest, hash);
    this.statements++;
    const page = answer.Results[0] || {};
    return { values: (page.Values || []).flatMap(holder => readBinary(holder.IonBinary)),
      more: Boolean(page.NextPageToken) };
  }

  /** Commits with the digest folded here; the server's echo must equal it. */
  async commit() {
    try {
      const answer = await this.api.batch(this.ledger, { SessionToken: this.sessionToken, TransactionId: this.id,
        Statements: [], CommitDigest: toBase64(this.digest) });
      if (!equalBytes(fromBase64(answer.CommitDigest), this.digest)) {
        throw new Error('the server committed with digest ' + answer.CommitDigest + ', this browser folded '
          + toBase64(this.digest));
      }
      return answer;
    } finally {
      await this.end();
    }
  }

  async abort() {
    try {
      await this.api.sendCommand({ SessionToken: this.sessionToken, AbortTransaction: {} });
    } finally {
      await this.end();
    }
  }

  async end() {
    this.closed = true;
    await this.api.sendCommand({ SessionToken: this.sessionToken, EndSession: {} }).catch(() => {});
  }
}
