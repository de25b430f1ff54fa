// Signed calls to the native API (/v1) and the QLDB control plane (/ledgers, /tags) of the server that served this
// page. JSON numbers keep their exact text (100.50 stays 100.50, big integers keep every digit) where the browser
// offers the source text to JSON.parse.
import { signedHeaders } from './sigv4.js';

const ENCODER = new TextEncoder();

/** A JSON number as the server wrote it. */
export class JsonNumber {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

/** JSON.parse, numbers whose text a double would change kept as JsonNumber. */
export function parseJson(text) {
  return JSON.parse(text, function (key, value, context) {
    if (typeof value === 'number' && context && typeof context.source === 'string'
      && context.source !== String(value)) {
      return new JsonNumber(context.source);
    }
    return value;
  });
}

/** An error answer of the API: status, code and the server's message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The API of this origin, signing with credentials. */
export class Api {
  constructor(credentials) {
    this.credentials = credentials;
  }

  get accessKeyId() {
    return this.credentials.accessKeyId;
  }

  /**
   * A signed request with body (an object sent as JSON) or rawBody (JSON text sent as it is); resolves to the
   * parsed JSON answer, rejects with ApiError.
   */
  async call(method, path, body, rawBody, extraHeaders) {
    const { response, answer } = await this.send(method, path, body, rawBody, extraHeaders);
    let parsed;
    try {
      parsed = answer === '' ? {} : parseJson(answer);
    } catch (e) {
      throw new ApiError(response.status, 'UNREADABLE', 'The server answered ' + response.status
        + ' with something that is not JSON');
    }
    if (!response.ok) {
      const error = parsed.error || {};
      throw new ApiError(response.status, error.code || parsed.__type || String(response.status),
        error.message || parsed.Message || parsed.message || ('HTTP ' + response.status));
    }
    return parsed;
  }

  /** The Prometheus text of /metrics (signed like every request). */
  async metrics() {
    const { response, answer } = await this.send('GET', '/metrics');
    if (!response.ok) {
      throw new ApiError(response.status, String(response.status), '/metrics answered ' + response.status);
    }
    return answer;
  }

  /** Sends a signed request; resolves to {response, answer (the body's text)}. */
  async send(method, path, body, rawBody, extraHeaders = {}) {
    const url = new URL(path, window.location.origin);
    const text = rawBody !== undefined ? rawBody : body === undefined ? undefined : JSON.stringify(body);
    const bytes = text === undefined ? new Uint8Array(0) : ENCODER.encode(text);
    const headers = await signedHeaders(this.credentials, method, url, bytes);
    if (text !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    Object.assign(headers, extraHeaders);
    const response = await fetch(url, {
      method, headers, body: text === undefined ? undefined : bytes, credentials: 'omit', cache: 'no-store',
      redirect: 'error',
    });
    return { response, answer: await response.text() };
  }

  listLedgers() {
    return this.call('GET', '/v1/ledgers');
  }

  createLedger(name, deletionProtection) {
    return this.call('POST', '/v1/ledgers', { name, deletionProtection });
  }

  describeLedger(name) {
    return this.call('GET', '/v1/ledgers/' + encodeURIComponent(name));
  }

  /** QLDB's UpdateLedger on the control plane (PATCH /ledgers/{name}): turns deletion protection on or off. */
  updateDeletionProtection(name, deletionProtection) {
    return this.call('PATCH', '/ledgers/' + encodeURIComponent(name), { DeletionProtection: deletionProtection });
  }

  /** QLDB's TagResource (POST /tags/{arn}, the ARN percent-encoded whole): adds or overwrites the given tags. */
  tagResource(arn, tags) {
    return this.call('POST', '/tags/' + encodeURIComponent(arn), { Tags: tags });
  }

  /** QLDB's UntagResource (DELETE /tags/{arn}?tagKeys=…, one parameter per key). */
  untagResource(arn, keys) {
    return this.call('DELETE', '/tags/' + encodeURIComponent(arn) + '?'
      + keys.map(key => 'tagKeys=' + encodeURIComponent(key)).join('&'));
  }

  execute(ledger, statement, parameters) {
    const body = parameters && parameters.length > 0 ? { statement, parameters } : { statement };
    return this.call('POST', '/v1/ledgers/' + encodeURIComponent(ledger) + '/statements', body);
  }

  /** One Session API command (QLDB's SendCommand), e.g. {StartSession: {LedgerName}}. */
  sendCommand(command) {
    return this.call('POST', '/', command, undefined, { 'X-Amz-Target': 'QLDBSession.SendCommand' });
  }

  /** A batch of one Session API transaction (POST /v1/ledgers/{name}/batches; vellum-server/README.md). */
  batch(ledger, body) {
    return this.call('POST', '/v1/ledgers/' + encodeURIComponent(ledger) + '/batches', body);
  }

  block(ledger, sequenceNo, tip) {
    let path = '/v1/ledgers/' + encodeURIComponent(ledger) + '/blocks/' + encodeURIComponent(sequenceNo);
    if (tip !== undefined && tip !== null && tip !== '') {
      path += '?tip=' + encodeURIComponent(tip);
    }
    return this.call('GET', path);
  }

  digest(ledger) {
    return this.call('GET', '/v1/ledgers/' + encodeURIComponent(ledger) + '/digest');
  }

  revision(ledger, documentId, blockSequenceNo, tip) {
    let path = '/v1/ledgers/' + encodeURIComponent(ledger) + '/revisions/' + encodeURIComponent(documentId)
      + '?blockSequenceNo=' + encodeURIComponent(blockSequenceNo);
    if (tip !== undefined && tip !== null && tip !== '') {
      path += '&tip=' + encodeURIComponent(tip);
    }
    return this.call('GET', path);
  }

  history(ledger, table, documentId) {
    return this.call('GET', '/v1/ledgers/' + encodeURIComponent(ledger) + '/documents/' + encodeURIComponent(table)
      + '/' + encodeURIComponent(documentId) + '/history');
  }

  /**
   * Opens the ledger's event stream from block fromBlock and calls onEvent(name, data) for every event; resolves
   * when the stream ends, rejects on an error. Abort it with signal.
   */
  async stream(ledger, fromBlock, onEvent, signal) {
    const url = new URL('/v1/ledgers/' + encodeURIComponent(ledger) + '/stream?fromBlock=' + fromBlock,
      window.location.origin);
    const headers = await signedHeaders(this.credentials, 'GET', url, new Uint8Array(0));
    const response = await fetch(url, { headers, signal, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      const parsed = parseJson(await response.text());
      throw new ApiError(response.status, (parsed.error || {}).code, (parsed.error || {}).message || parsed.Message);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.substring(0, end);
        buffer = buffer.substring(end + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) {
            event = line.substring(6).trim();
          } else if (line.startsWith('data:')) {
            data.push(line.substring(5).replace(/^ /, ''));
          }
        }
        if (data.length > 0) {
          onEvent(event, parseJson(data.join('\n')));
        }
      }
    }
  }
}
