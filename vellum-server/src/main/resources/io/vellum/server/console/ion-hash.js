// Ion Hash (the amzn/ion-hash specification) with a pluggable hash function, byte for byte as ion-hash-java 1.0.0
// over ion-java's binary writer computes it (Vellum's io.vellum.proof.hash.IonHashEncoder documents the same layout):
//
//   s(v)            = annotated(v) | bare(v)
//   annotated(v)    = B 0xE0 (B 0x70 esc(UTF-8(a)) E)... bare(v) E
//   bare(null.T)    = B (T << 4 | 0x0F) E
//   bare(scalar)    = B TQ esc(representation) E          representation = the Ion binary body
//   bare(list/sexp) = B 0xB0|0xC0 s(child)... E
//   bare(struct)    = B 0xD0 esc(h_1)... esc(h_n) E       h_i = H(B 0x70 esc(name_i) E s(value_i)), sorted unsigned
//   esc(bytes)      = 0x0B, 0x0C, 0x0E each preceded by 0x0C;  B = 0x0B, E = 0x0E;  H(v) = hash(s(v))
//
// QLDB's hashes use SHA-256 (Web Crypto); the conformance suite's "identity" hash returns its input.

const BEGIN = 0x0b;
const END = 0x0e;
const ESCAPE = 0x0c;
const TYPE_CODES = { null: 0, bool: 1, int: 2, float: 4, decimal: 5, timestamp: 6, symbol: 7, string: 8, clob: 9,
  blob: 10, list: 11, sexp: 12, struct: 13 };
const ENCODER = new TextEncoder();

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The Ion Hash of value with SHA-256. */
export function ionHash(value) {
  return hashWith(value, sha256);
}

/** The Ion Hash of value with hash (an async function from Uint8Array to Uint8Array). */
export async function hashWith(value, hash) {
  return hash(await serialize(value, hash));
}

/** s(value): what the hash function is fed for value (nested structs' fields hashed with hash). */
export async function serialize(value, hash) {
  const out = new Bytes();
  await write(value, out, hash);
  return out.toArray();
}

class Bytes {
  constructor() {
    this.parts = [];
  }

  put(b) {
    this.parts.push(b & 0xff);
  }

  putEscaped(bytes) {
    for (const b of bytes) {
      if (b === BEGIN || b === END || b === ESCAPE) {
        this.parts.push(ESCAPE);
      }
      this.parts.push(b & 0xff);
    }
  }

  toArray() {
    return Uint8Array.from(this.parts);
  }
}

async function write(value, out, hash) {
  if (value.annotations && value.annotations.length > 0) {
    out.put(BEGIN);
    out.put(0xe0);
    for (const annotation of value.annotations) {
      out.put(BEGIN);
      putSymbol(out, annotation);
      out.put(END);
    }
  }
  const code = TYPE_CODES[value.type];
  if (code === undefined) {
    throw new Error('no Ion Hash for type ' + value.type);
  }
  if (value.isNull) {
    out.put(BEGIN);
    out.put(code << 4 | 0x0f);
    out.put(END);
  } else if (value.type === 'struct') {
    const fieldHashes = [];
    for (const [name, fieldValue] of value.value) {
      const field = new Bytes();
      field.put(BEGIN);
      putSymbol(field, name);
      field.put(END);
      await write(fieldValue, field, hash);
      fieldHashes.push(await hash(field.toArray()));
    }
    fieldHashes.sort(compareUnsigned);
    out.put(BEGIN);
    out.put(0xd0);
    for (const fieldHash of fieldHashes) {
      out.putEscaped(fieldHash);
    }
    out.put(END);
  } else if (value.type === 'list' || value.type === 'sexp') {
    out.put(BEGIN);
    out.put(code << 4);
    for (const child of value.value) {
      await write(child, out, hash);
    }
    out.put(END);
  } else {
    out.put(BEGIN);
    putScalar(out, value);
    out.put(END);
  }
  if (value.annotations && value.annotations.length > 0) {
    out.put(END);
  }
}

function compareUnsigned(a, b) {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

function putSymbol(out, text) {
  if (text === null) {
    out.put(0x71); // symbol zero
    return;
  }
  out.put(0x70);
  out.putEscaped(ENCODER.encode(text));
}

function putScalar(out, value) {
  const v = value.value;
  switch (value.type) {
    case 'bool':
      out.put(v ? 0x11 : 0x10);
      return;
    case 'int':
      out.put(v < 0n ? 0x30 : 0x20);
      out.putEscaped(magnitudeBytes(v < 0n ? -v : v));
      return;
    case 'float':
      out.put(0x40);
      if (!(v === 0 && !Object.is(v, -0))) {
        const buffer = new DataView(new ArrayBuffer(8));
        buffer.setFloat64(0, v);
        out.putEscaped(new Uint8Array(buffer.buffer));
      }
      return;
    case 'decimal':
      out.put(0x50);
      if (!(v.coefficient === 0n && v.exponent === 0 && !v.negativeZero)) {
        out.putEscaped(decimalBody(v));
      }
      return;
    case 'timestamp':
      out.put(0x60);
      out.putEscaped(timestampBody(v));
      return;
    case 'symbol':
      putSymbol(out, v);
      return;
    case 'string':
      out.put(0x80);
      out.putEscaped(ENCODER.encode(v));
      return;
    case 'clob':
      out.put(0x90);
      out.putEscaped(v);
      return;
    case 'blob':
      out.put(0xa0);
      out.putEscaped(v);
      return;
    default:
      throw new Error('no Ion Hash for type ' + value.type);
  }
}

/** Minimal big-endian bytes of a non-negative BigInt (none for 0). */
function magnitudeBytes(magnitude) {
  const bytes = [];
  let rest = magnitude;
  while (rest > 0n) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return bytes;
}

/** VarInt(exponent), then the coefficient as a signed-magnitude Int (none for a positive zero, 0x80 for -0). */
function decimalBody(decimal) {
  const bytes = varInt(decimal.exponent);
  const coefficient = decimal.coefficient;
  if (coefficient === 0n) {
    if (decimal.negativeZero) {
      bytes.push(0x80);
    }
    return bytes;
  }
  const magnitude = coefficient < 0n ? -coefficient : coefficient;
  const length = Math.floor(magnitude.toString(2).length / 8) + 1;
  const body = magnitudeBytes(magnitude);
  while (body.length < length) {
    body.unshift(0);
  }
  if (coefficient < 0n) {
    body[0] |= 0x80;
  }
  return bytes.concat(body);
}

/** Offset (VarInt minutes, 0xC0 when unknown), UTC fields as VarUInts by precision, then the fraction. */
function timestampBody(stamp) {
  const bytes = stamp.offset === null ? [0xc0] : varInt(stamp.offset);
  let year = stamp.year;
  let month = stamp.month;
  let day = stamp.day;
  let hour = stamp.hour;
  let minute = stamp.minute;
  if (stamp.precision === 'minute' || stamp.precision === 'second') {
    const utc = new Date(0);
    utc.setUTCFullYear(stamp.year, stamp.month - 1, stamp.day);
    utc.setUTCHours(stamp.hour, stamp.minute - (stamp.offset || 0), 0, 0);
    year = utc.getUTCFullYear();
    month = utc.getUTCMonth() + 1;
    day = utc.getUTCDate();
    hour = utc.getUTCHours();
    minute = utc.getUTCMinutes();
  }
  bytes.push(...varUInt(year));
  if (stamp.precision !== 'year') {
    bytes.push(...varUInt(month));
  }
  if (stamp.precision !== 'year' && stamp.precision !== 'month') {
    bytes.push(...varUInt(day));
  }
  if (stamp.precision === 'minute' || stamp.precision === 'second') {
    bytes.push(...varUInt(hour), ...varUInt(minute));
  }
  if (stamp.precision === 'second') {
    bytes.push(...varUInt(stamp.second));
    const fraction = stamp.fraction;
    if (fraction && !(fraction.coefficient === 0n && fraction.exponent >= 0)) {
      bytes.push(...decimalBody({ coefficient: fraction.coefficient, exponent: fraction.exponent,
        negativeZero: false }));
    }
  }
  return bytes;
}

function varUInt(value) {
  const groups = [];
  let rest = value;
  do {
    groups.unshift(rest & 0x7f);
    rest = Math.floor(rest / 128);
  } while (rest > 0);
  groups[groups.length - 1] |= 0x80;
  return groups;
}

function varInt(value) {
  const magnitude = Math.abs(value);
  const groups = [];
  let rest = magnitude;
  do {
    groups.unshift(rest & 0x7f);
    rest = Math.floor(rest / 128);
  } while (rest > 0);
  if (groups[0] & 0x40) {
    groups.unshift(0); // the sign bit needs a group of its own
  }
  if (value < 0) {
    groups[0] |= 0x40;
  }
  groups[groups.length - 1] |= 0x80;
  return groups;
}

/**
 * QLDB's dot: SHA-256 of the two hashes concatenated smaller first, comparing the bytes as signed values from the
 * last byte to the first; an empty hash is the identity.
 */
export async function dot(a, b) {
  if (a.length === 0) {
    return b;
  }
  if (b.length === 0) {
    return a;
  }
  const joined = new Uint8Array(a.length + b.length);
  const [first, second] = compareDot(a, b) < 0 ? [a, b] : [b, a];
  joined.set(first, 0);
  joined.set(second, first.length);
  return sha256(joined);
}

export function compareDot(a, b) {
  if (a.length !== b.length) {
    return a.length - b.length;
  }
  for (let i = a.length - 1; i >= 0; i--) {
    const x = (a[i] << 24) >> 24;
    const y = (b[i] << 24) >> 24;
    if (x !== y) {
      return x - y;
    }
  }
  return 0;
}

export function equalBytes(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
