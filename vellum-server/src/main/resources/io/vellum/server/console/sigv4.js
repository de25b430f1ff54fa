// AWS Signature Version 4 in the browser (Web Crypto HMAC-SHA256), canonicalised exactly as the server's
// SignatureVerifier checks it: the raw path percent-encoded a second time, query decoded/re-encoded/sorted, the
// signed headers host, x-amz-content-sha256 and x-amz-date, and the payload's SHA-256 always covered.
//
// The secret never stays in a string: createCredentials imports "AWS4" + secret as a non-extractable HMAC key, and
// only that key object (which no script can read back) is kept, in memory, until logout drops it.

const ENCODER = new TextEncoder();
export const REGION = 'us-east-1';
export const SERVICE = 'qldb';

/** Credentials usable for signing: {accessKeyId, rootKey (non-extractable CryptoKey)}. */
export async function createCredentials(accessKeyId, secretAccessKey) {
  const rootKey = await crypto.subtle.importKey('raw', ENCODER.encode('AWS4' + secretAccessKey),
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Object.freeze({ accessKeyId, rootKey });
}

export function hex(buffer) {
  return Array.from(new Uint8Array(buffer), b => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(bytes) {
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

async function hmacWithKey(key, text) {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, ENCODER.encode(text)));
}

async function hmacWithBytes(keyBytes, text) {
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hmacWithKey(key, text);
}

/** RFC 3986 encoding as AWS uses it: everything but A-Z a-z 0-9 - _ . ~ escaped as upper-case %XX. */
export function awsEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** The canonical URI of a raw (already percent-encoded) path: each segment encoded again, '/' kept. */
export function canonicalUri(rawPath) {
  return rawPath === '' ? '/' : rawPath.split('/').map(awsEncode).join('/');
}

/** The canonical query of a raw query string (without '?'): decoded, re-encoded, sorted by name then value. */
export function canonicalQuery(rawQuery) {
  if (!rawQuery) {
    return '';
  }
  const decode = part => decodeURIComponent(part);
  const pairs = rawQuery.split('&').filter(pair => pair !== '').map(pair => {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.substring(0, equals);
    const value = equals < 0 ? '' : pair.substring(equals + 1);
    return [awsEncode(decode(name)), awsEncode(decode(value))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([name, value]) => name + '=' + value).join('&');
}

/** "yyyyMMddTHHmmssZ" of a Date. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign a request to url (a URL of this origin) with method and body (Uint8Array), as of now.
 * The browser sends Host itself (url.host), so it is signed with that value.
 */
export async function signedHeaders(credentials, method, url, body, now = new Date()) {
  const date = amzDate(now);
  const day = date.substring(0, 8);
  const payloadHash = await sha256Hex(body);
  const canonicalHeaders = 'host:' + url.host + '\n' + 'x-amz-content-sha256:' + payloadHash + '\n'
    + 'x-amz-date:' + date + '\n';
  const signed = 'host;x-amz-content-sha256;x-amz-date';
  const canonicalRequest = [method, canonicalUri(url.pathname), canonicalQuery(url.search.substring(1)),
    canonicalHeaders, signed, payloadHash].join('\n');
  const scope = day + '/' + REGION + '/' + SERVICE + '/aws4_request';
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, await sha256Hex(ENCODER.encode(canonicalRequest))].join('\n');
  const dateKey = await hmacWithKey(credentials.rootKey, day);
  const regionKey = await hmacWithBytes(dateKey, REGION);
  const serviceKey = await hmacWithBytes(regionKey, SERVICE);
  const signingKey = await hmacWithBytes(serviceKey, 'aws4_request');
  const signature = hex(await hmacWithBytes(signingKey, stringToSign));
  return {
    'X-Amz-Date': date,
    'X-Amz-Content-Sha256': payloadHash,
    'Authorization': 'AWS4-HMAC-SHA256 Credential=' + credentials.accessKeyId + '/' + scope
      + ', SignedHeaders=' + signed + ', Signature=' + signature,
  };
}
