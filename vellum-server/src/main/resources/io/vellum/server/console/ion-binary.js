// An Ion 1.0 binary reader for what the Session API answers (each value its own stream: version marker, local
// symbol table, one value), into the same value objects as ion-text.js reads ({type, annotations, isNull, value});
// timestamps in local time, as ion-text.js keeps them. Errors throw naming the byte offset.
import { fromBase64, toBase64 } from './ion-text.js';
import { JsonNumber } from './api.js';

const TYPES = ['null', 'bool', 'int', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob',
  'list', 'sexp', 'struct'];
const SYSTEM_SYMBOLS = [null, '$ion', '$ion_1_0', '$ion_symbol_table', 'name', 'version', 'imports', 'symbols',
  'max_id', '$ion_shared_symbol_table'];
const DECODER = new TextDecoder('utf-8', { fatal: true });

/** Every top-level user value of the Ion binary bytes (a Uint8Array or its Base64). */
export function readBinary(input) {
  const bytes = typeof input === 'string' ? fromBase64(input) : input;
  const reader = new BinaryReader(bytes);
  const values = [];
  while (reader.position < bytes.length) {
    if (bytes[reader.position] === 0xe0) {
      if (bytes[reader.position + 1] !== 0x01 || bytes[reader.position + 2] !== 0x00
        || bytes[reader.position + 3] !== 0xea) {
        reader.fail('not an Ion 1.0 version marker');
      }
      reader.position += 4;
      reader.symbols = SYSTEM_SYMBOLS.slice();
      continue;
    }
    const value = reader.value(bytes.length);
    if (value === undefined) {
      continue; // padding
    }
    if (value.type === 'struct' && value.annotations[0] === '$ion_symbol_table') {
      reader.useSymbolTable(value);
      continue;
    }
    values.push(value);
  }
  return values;
}

class BinaryReader {
  constructor(bytes) {
    this.bytes = bytes;
    this.position = 0;
    this.symbols = SYSTEM_SYMBOLS.slice();
  }

  fail(message) {
    throw new Error('Ion binary: ' + message + ' at byte ' + this.position);
  }

  byte() {
    if (this.position >= this.bytes.length) {
      this.fail('unexpected end');
    }
    return this.bytes[this.position++];
  }

  varUInt() {
    let result = 0n;
    for (;;) {
      const b = this.byte();
      result = (result << 7n) | BigInt(b & 0x7f);
      if (b & 0x80) {
        return result;
      }
    }
  }

  /** A VarInt: [value (BigInt), negative (true for -0 too)]. */
  varInt() {
    let b = this.byte();
    const negative = (b & 0x40) !== 0;
    let result = BigInt(b & 0x3f);
    while (!(b & 0x80)) {
      b = this.byte();
      result = (result << 7n) | BigInt(b & 0x7f);
    }
    return [negative ? -result : result, negative];
  }

  unsigned(length) {
    let result = 0n;
    for (let i = 0; i < length; i++) {
      result = (result << 8n) | BigInt(this.byte());
    }
    return result;
  }

  /** A sign-and-magnitude Int of length bytes: [value, negative]. */
  signed(length) {
    if (length === 0) {
      return [0n, false];
    }
    const first = this.byte();
    const negative = (first & 0x80) !== 0;
    let result = BigInt(first & 0x7f);
    for (let i = 1; i < length; i++) {
      result = (result << 8n) | BigInt(this.byte());
    }
    return [negative ? -result : result, negative];
  }

  symbol(id) {
    const index = Number(id);
    if (index >= this.symbols.length) {
      this.fail('symbol $' + index + ' is not in the symbol table');
    }
    return this.symbols[index];
  }

  /** The next value (undefined for padding), which must end by limit. */
  value(limit, annotations = []) {
    const descriptor = this.byte();
    const code = descriptor >> 4;
    let length = descriptor & 0x0f;
    if (code === 15) {
      this.fail('reserved type code');
    }
    if (code === 1) {
      return length === 15 ? { type: 'bool', annotations, isNull: true, value: null }
        : { type: 'bool', annotations, isNull: false, value: length === 1 };
    }
    if (length === 15) {
      return { type: TYPES[code], annotations, isNull: true, value: null };
    }
    if (length === 14 || (code === 13 && length === 1)) {
      length = Number(this.varUInt());
    }
    const end = this.position + length;
    if (end > limit) {
      this.fail('a value runs past its container');
    }
    if (code === 0) {
      this.position = end;
      return undefined;
    }
    if (code === 14) {
      const annotationsLength = Number(this.varUInt());
      const annotationsEnd = this.position + annotationsLength;
      const names = [];
      while (this.position < annotationsEnd) {
        names.push(this.symbol(this.varUInt()));
      }
      return this.value(end, names);
    }
    const type = TYPES[code];
    const result = { type, annotations, isNull: false, value: null };
    switch (code) {
      case 2:
      case 3:
        result.value = code === 3 ? -this.unsigned(length) : this.unsigned(length);
        break;
      case 4: {
        const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, length);
        result.value = length === 0 ? 0 : length === 4 ? view.getFloat32(0) : view.getFloat64(0);
        this.position = end;
        break;
      }
      case 5: {
        if (length === 0) {
          result.value = { coefficient: 0n, exponent: 0, negativeZero: false };
          break;
        }
        const [exponent] = this.varInt();
        const [coefficient, negative] = this.signed(end - this.position);
        result.value = { coefficient, exponent: Number(exponent), negativeZero: negative && coefficient === 0n };
        break;
      }
      case 6:
        result.value = this.timestamp(end);
        break;
      case 7:
        result.value = this.symbol(this.unsigned(length));
        break;
      case 8:
        result.value = DECODER.decode(this.bytes.subarray(this.position, end));
        this.position = end;
        break;
      case 9:
      case 10:
        result.value = this.bytes.slice(this.position, end);
        this.position = end;
        break;
      case 11:
      case 12:
        result.value = [];
        while (this.position < end) {
          const child = this.value(end);
          if (child !== undefined) {
            result.value.push(child);
          }
        }
        break;
      case 13:
        result.value = [];
        while (this.position < end) {
          const name = this.symbol(this.varUInt());
          const child = this.value(end);
          if (child !== undefined) {
            result.value.push([name, child]);
          }
        }
        break;
      default:
        this.fail('unknown type code ' + code);
    }
    if (this.position !== end) {
      this.fail('a ' + type + ' is not ' + length + ' bytes long');
    }
    return result;
  }

  /** A timestamp's fields, converted from UTC (as stored) to the local time of its offset. */
  timestamp(end) {
    const [offset, unknownOffset] = this.varInt();
    const fields = { year: Number(this.varUInt()), month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: null };
    let precision = 'year';
    if (this.position < end) {
      fields.month = Number(this.varUInt());
      precision = 'month';
    }
    if (this.position < end) {
      fields.day = Number(this.varUInt());
      precision = 'day';
    }
    if (this.position < end) {
      fields.hour = Number(this.varUInt());
      fields.minute = Number(this.varUInt());
      precision = 'minute';
    }
    if (this.position < end) {
      fields.second = Number(this.varUInt());
      precision = 'second';
    }
    if (this.position < end) {
      const [exponent] = this.varInt();
      const [coefficient] = this.signed(end - this.position);
      fields.fraction = { coefficient, exponent: Number(exponent) };
    }
    const minutes = unknownOffset && offset === 0n ? null : Number(offset);
    if (precision === 'minute' || precision === 'second') {
      const local = new Date(Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute)
        + (minutes || 0) * 60000);
      Object.assign(fields, { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(),
        hour: local.getUTCHours(), minute: local.getUTCMinutes() });
    }
    return { precision, ...fields, offset: precision === 'minute' || precision === 'second' ? minutes : null };
  }

  /** Takes a local symbol table: its symbols follow the system's (or the current table's, on imports: $ion_symbol_table). */
  useSymbolTable(table) {
    const imports = table.value.find(([name]) => name === 'imports');
    const symbols = table.value.find(([name]) => name === 'symbols');
    const appending = imports && imports[1].type === 'symbol' && imports[1].value === '$ion_symbol_table';
    const base = appending ? this.symbols : SYSTEM_SYMBOLS.slice();
    const added = symbols && symbols[1].type === 'list' && !symbols[1].isNull
      ? symbols[1].value.map(s => (s.type === 'string' && !s.isNull ? s.value : null)) : [];
    this.symbols = base.concat(added);
  }
}

/** A value read here as the native API's JSON shows it (numbers keep their text), for the results table. */
export function displayValue(value) {
  if (value.isNull) {
    return null;
  }
  switch (value.type) {
    case 'int':
      return new JsonNumber(String(value.value));
    case 'decimal':
      return new JsonNumber(decimalText(value.value));
    case 'timestamp':
      return timestampText(value.value);
    case 'blob':
    case 'clob':
      return toBase64(value.value);
    case 'list':
    case 'sexp':
      return value.value.map(displayValue);
    case 'struct':
      return Object.fromEntries(value.value.map(([name, child]) => [name, displayValue(child)]));
    default:
      return value.value;
  }
}

function decimalText({ coefficient, exponent, negativeZero }) {
  const sign = coefficient < 0n || negativeZero ? '-' : '';
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString();
  if (exponent > 0) {
    return sign + digits + 'd' + exponent;
  }
  if (exponent === 0) {
    return sign + digits;
  }
  const padded = digits.padStart(-exponent + 1, '0');
  return sign + padded.slice(0, exponent) + '.' + padded.slice(exponent);
}

function timestampText(t) {
  const two = n => String(n).padStart(2, '0');
  let text = String(t.year).padStart(4, '0');
  if (t.precision === 'year') {
    return text + 'T';
  }
  text += '-' + two(t.month);
  if (t.precision === 'month') {
    return text + 'T';
  }
  text += '-' + two(t.day);
  if (t.precision === 'day') {
    return text;
  }
  text += 'T' + two(t.hour) + ':' + two(t.minute);
  if (t.precision === 'second') {
    text += ':' + two(t.second);
    if (t.fraction && t.fraction.exponent < 0) {
      text += '.' + t.fraction.coefficient.toString().padStart(-t.fraction.exponent, '0');
    }
  }
  if (t.offset === null) {
    return text + '-00:00';
  }
  if (t.offset === 0) {
    return text + 'Z';
  }
  const minutes = Math.abs(t.offset);
  return text + (t.offset < 0 ? '-' : '+') + two(Math.floor(minutes / 60)) + ':' + two(minutes % 60);
}
