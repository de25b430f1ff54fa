// An Ion 1.0 text reader for the values a ledger stores and QLDB prints (Revision.IonText, Proof.IonText,
// Block.IonText): every Ion type, annotations, comments, short and long strings, all number forms, timestamps.
// Values are plain objects {type, annotations, isNull, value}:
//   bool: true|false; int: BigInt; float: Number; decimal: {coefficient: BigInt, exponent, negativeZero};
//   timestamp: {precision: 'year'|'month'|'day'|'minute'|'second', year, month, day, hour, minute, second,
//              fraction: {coefficient: BigInt, exponent}|null, offset: minutes|null (unknown, -00:00)}  (local time)
//   string/symbol: text (symbol zero $0: null); blob/clob: Uint8Array; list/sexp: [values];
//   struct: [[fieldName, value], ...] (order and repeated names kept).
// Errors throw IonTextError naming the line and column.

export class IonTextError extends Error {
  constructor(message, text, position) {
    const before = text.substring(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    super(message + ' at line ' + line + ', column ' + column);
  }
}

const TYPES = ['null', 'bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list',
  'sexp', 'struct'];
const STOP = /[\s,\]})\/"'{[(:]/;
const OPERATOR = /^[!#%&*+\-./;<=>?@^`|~]+/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*/;
const TIMESTAMP_YEAR = /^(\d{4})T/;
const TIMESTAMP_MONTH = /^(\d{4})-(\d{2})T/;
const TIMESTAMP_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:T(?:(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?)?/;
const NUMBER = /^-?(?:0|[1-9](?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?(?:[eEdD][+-]?\d+)?/;
const RADIX = /^-?0(?:[xX][0-9A-Fa-f](?:_?[0-9A-Fa-f])*|[bB][01](?:_?[01])*)/;

export function value(type, value, annotations = []) {
  return { type, value, annotations, isNull: false };
}

/** Every top-level value of text. */
export function parseAll(text) {
  const reader = new Reader(text);
  const values = [];
  for (;;) {
    reader.skip();
    if (reader.position >= text.length) {
      return values;
    }
    values.push(reader.value(false));
  }
}

/** The one value of text. */
export function parse(text) {
  const values = parseAll(text);
  if (values.length !== 1) {
    throw new Error('expected exactly one Ion value, found ' + values.length);
  }
  return values[0];
}

class Reader {
  constructor(text) {
    this.text = text;
    this.position = 0;
  }

  fail(message) {
    throw new IonTextError(message, this.text, this.position);
  }

  rest() {
    return this.text.substring(this.position);
  }

  /** Skips whitespace and comments. */
  skip() {
    const text = this.text;
    for (;;) {
      while (this.position < text.length && /\s/.test(text[this.position])) {
        this.position++;
      }
      if (text.startsWith('//', this.position)) {
        const end = text.indexOf('\n', this.position);
        this.position = end < 0 ? text.length : end + 1;
      } else if (text.startsWith('/*', this.position)) {
        const end = text.indexOf('*/', this.position + 2);
        if (end < 0) {
          this.fail('unterminated comment');
        }
        this.position = end + 2;
      } else {
        return;
      }
    }
  }

  peek() {
    return this.text[this.position];
  }

  expect(character) {
    this.skip();
    if (this.peek() !== character) {
      this.fail("expected '" + character + "'");
    }
    this.position++;
  }

  /** Whether the token that ended at the current position is properly ended. */
  checkStop() {
    if (this.position < this.text.length && !STOP.test(this.text[this.position])) {
      this.fail('unexpected character ' + JSON.stringify(this.text[this.position]));
    }
  }

  value(inSexp) {
    this.skip();
    const annotations = [];
    for (;;) {
      const start = this.position;
      const symbol = this.trySymbol();
      if (symbol === undefined) {
        break;
      }
      this.skip();
      if (this.text.startsWith('::', this.position)) {
        this.position += 2;
        this.skip();
        annotations.push(symbol.text);
        continue;
      }
      this.position = start;
      break;
    }
    const result = this.bareValue(inSexp);
    result.annotations = annotations;
    return result;
  }

  /** A symbol token (identifier, 'quoted' or $N) with its text, or undefined (position unchanged). */
  trySymbol() {
    const c = this.peek();
    if (c === "'" && !this.text.startsWith("'''", this.position)) {
      this.position++;
      return { text: this.quoted("'"), quoted: true };
    }
    const match = IDENTIFIER.exec(this.rest());
    if (!match) {
      return undefined;
    }
    const word = match[0];
    if (['null', 'true', 'false', 'nan'].includes(word) && !this.text.startsWith('::', this.afterSpace(word.length))) {
      return undefined;
    }
    this.position += word.length;
    return { text: symbolText(word, this), quoted: false, word };
  }

  afterSpace(length) {
    let position = this.position + length;
    while (position < this.text.length && /\s/.test(this.text[position])) {
      position++;
    }
    return position;
  }

  bareValue(inSexp) {
    const text = this.text;
    const c = this.peek();
    if (c === undefined) {
      this.fail('expected a value');
    }
    if (c === '{' && text.startsWith('{{', this.position)) {
      return this.lob();
    }
    if (c === '{') {
      return this.struct();
    }
    if (c === '[') {
      return this.sequence('list', ']');
    }
    if (c === '(') {
      return this.sequence('sexp', ')');
    }
    if (c === '"') {
      this.position++;
      return value('string', this.quoted('"'));
    }
    if (text.startsWith("'''", this.position)) {
      return value('string', this.longStrings());
    }
    if (c === "'") {
      this.position++;
      return value('symbol', this.quoted("'"));
    }
    const rest = this.rest();
    if (/^[+-]inf/.test(rest)) {
      this.position += 4;
      this.checkStop();
      return value('float', rest[0] === '+' ? Infinity : -Infinity);
    }
    if (/^-?\d/.test(rest)) {
      return this.numberOrTimestamp(rest);
    }
    const word = IDENTIFIER.exec(rest);
    if (word) {
      return this.keywordOrSymbol(word[0]);
    }
    if (inSexp) {
      const operator = OPERATOR.exec(rest);
      if (operator) {
        this.position += operator[0].length;
        return value('symbol', operator[0]);
      }
    }
    return this.fail('unexpected character ' + JSON.stringify(c));
  }

  keywordOrSymbol(word) {
    this.position += word.length;
    if (word === 'true' || word === 'false') {
      this.checkStop();
      return value('bool', word === 'true');
    }
    if (word === 'nan') {
      this.checkStop();
      return value('float', NaN);
    }
    if (word === 'null') {
      let type = 'null';
      if (this.peek() === '.') {
        const typed = /^\.([a-z]+)/.exec(this.rest());
        if (!typed || !TYPES.includes(typed[1])) {
          this.fail('unknown null type');
        }
        type = typed[1];
        this.position += typed[0].length;
      }
      this.checkStop();
      return { type, value: null, annotations: [], isNull: true };
    }
    return value('symbol', symbolText(word, this));
  }

  numberOrTimestamp(rest) {
    const timestamp = this.timestamp(rest);
    if (timestamp) {
      return timestamp;
    }
    const radix = RADIX.exec(rest);
    if (radix) {
      this.position += radix[0].length;
      this.checkStop();
      const negative = radix[0].startsWith('-');
      const digits = radix[0].replace(/_/g, '').replace('-', '');
      const magnitude = BigInt(digits.toLowerCase().startsWith('0b') ? '0b' + digits.substring(2) : digits);
      return value('int', negative ? -magnitude : magnitude);
    }
    const match = NUMBER.exec(rest);
    if (!match) {
      this.fail('malformed number');
    }
    const number = match[0].replace(/_/g, '');
    this.position += match[0].length;
    this.checkStop();
    if (/[eE]/.test(number)) {
      return value('float', Number(number));
    }
    if (/[dD.]/.test(number)) {
      return value('decimal', decimalOf(number));
    }
    return value('int', BigInt(number));
  }

  timestamp(rest) {
    let match;
    let stamp;
    if ((match = TIMESTAMP_YEAR.exec(rest))) {
      stamp = { precision: 'year', year: +match[1], offset: null };
    } else if ((match = TIMESTAMP_MONTH.exec(rest))) {
      stamp = { precision: 'month', year: +match[1], month: +match[2], offset: null };
    } else if ((match = TIMESTAMP_DAY.exec(rest))) {
      stamp = { precision: 'day', year: +match[1], month: +match[2], day: +match[3], offset: null };
      if (match[4] !== undefined) {
        stamp.precision = match[6] === undefined ? 'minute' : 'second';
        stamp.hour = +match[4];
        stamp.minute = +match[5];
        if (match[6] !== undefined) {
          stamp.second = +match[6];
          stamp.fraction = match[7] === undefined ? null
            : { coefficient: BigInt(match[7]), exponent: -match[7].length };
        }
        const offset = match[8];
        stamp.offset = offset === 'Z' ? 0 : offset === '-00:00' ? null
          : (offset[0] === '-' ? -1 : 1) * (Number(offset.substring(1, 3)) * 60 + Number(offset.substring(4, 6)));
      }
    } else {
      return null;
    }
    this.position += match[0].length;
    this.checkStop();
    return value('timestamp', stamp);
  }

  struct() {
    this.position++;
    const fields = [];
    for (;;) {
      this.skip();
      if (this.peek() === '}') {
        this.position++;
        return value('struct', fields);
      }
      let name;
      if (this.peek() === '"') {
        this.position++;
        name = this.quoted('"');
      } else if (this.text.startsWith("'''", this.position)) {
        name = this.longStrings();
      } else {
        const symbol = this.trySymbolName();
        name = symbol;
      }
      this.expect(':');
      fields.push([name, this.value(false)]);
      this.skip();
      if (this.peek() === ',') {
        this.position++;
      } else if (this.peek() !== '}') {
        this.fail("expected ',' or '}'");
      }
    }
  }

  trySymbolName() {
    if (this.peek() === "'") {
      this.position++;
      return this.quoted("'");
    }
    const match = IDENTIFIER.exec(this.rest());
    if (!match) {
      this.fail('expected a field name');
    }
    this.position += match[0].length;
    return symbolText(match[0], this);
  }

  sequence(type, close) {
    this.position++;
    const values = [];
    for (;;) {
      this.skip();
      if (this.peek() === close) {
        this.position++;
        return value(type, values);
      }
      values.push(this.value(type === 'sexp'));
      this.skip();
      if (type === 'list') {
        if (this.peek() === ',') {
          this.position++;
        } else if (this.peek() !== close) {
          this.fail("expected ',' or '" + close + "'");
        }
      }
    }
  }

  lob() {
    this.position += 2;
    this.skip();
    if (this.peek() === '"' || this.text.startsWith("'''", this.position)) {
      let text;
      if (this.peek() === '"') {
        this.position++;
        text = this.quoted('"', true);
      } else {
        text = this.longStrings(true);
      }
      this.skip();
      this.closeLob();
      return value('clob', Uint8Array.from(text, c => c.charCodeAt(0)));
    }
    const end = this.text.indexOf('}}', this.position);
    if (end < 0) {
      this.fail('unterminated blob');
    }
    const base64 = this.text.substring(this.position, end).replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
      this.fail('malformed base64 in blob');
    }
    this.position = end + 2;
    return value('blob', fromBase64(base64));
  }

  closeLob() {
    if (!this.text.startsWith('}}', this.position)) {
      this.fail("expected '}}'");
    }
    this.position += 2;
  }

  longStrings(clob = false) {
    let text = '';
    for (;;) {
      this.position += 3;
      const start = this.position;
      text += this.quoted("'''", clob);
      if (start === this.position) {
        this.fail('unterminated long string');
      }
      const save = this.position;
      this.skip();
      if (!this.text.startsWith("'''", this.position)) {
        this.position = save;
        return text;
      }
    }
  }

  /** The text up to the closing quote, escapes resolved; clob text allows only \x escapes below 0x80 etc. */
  quoted(quote, clob = false) {
    const text = this.text;
    let result = '';
    for (;;) {
      if (this.position >= text.length) {
        this.fail('unterminated string');
      }
      if (text.startsWith(quote, this.position)) {
        this.position += quote.length;
        return result;
      }
      const c = text[this.position];
      if (c === '\n' && quote !== "'''") {
        this.fail('newline in a quoted string');
      }
      if (c !== '\\') {
        if (clob && c.charCodeAt(0) > 0x7f) {
          this.fail('a clob holds ASCII text only');
        }
        result += c;
        this.position++;
        continue;
      }
      const e = text[this.position + 1];
      this.position += 2;
      const simple = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '/': '/', '?': '?', 0: '\0',
        a: '\x07', b: '\b', f: '\f', v: '\v' };
      if (e in simple) {
        result += simple[e];
      } else if (e === '\n') {
        // a line continuation
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const length = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const digits = text.substring(this.position, this.position + length);
        if (!new RegExp('^[0-9A-Fa-f]{' + length + '}$').test(digits)) {
          this.fail('malformed \\' + e + ' escape');
        }
        if (clob && e !== 'x') {
          this.fail('a clob takes \\x escapes only');
        }
        result += String.fromCodePoint(parseInt(digits, 16));
        this.position += length;
      } else {
        this.fail('unknown escape \\' + e);
      }
    }
  }
}

function symbolText(word, reader) {
  const sid = /^\$(\d+)$/.exec(word);
  if (!sid) {
    return word;
  }
  const systemSymbols = ['$0', '$ion', '$ion_1_0', '$ion_symbol_table', 'name', 'version', 'imports', 'symbols',
    'max_id', '$ion_shared_symbol_table'];
  const id = Number(sid[1]);
  if (id === 0) {
    return null;
  }
  if (id < systemSymbols.length) {
    return systemSymbols[id];
  }
  return reader.fail('symbol ' + word + ' has no known text');
}

/** {coefficient, exponent, negativeZero} of a decimal's text (1.50, 1d3, -0.0). */
export function decimalOf(text) {
  const match = /^(-?)(\d+)(?:\.(\d*))?(?:[dD]([+-]?\d+))?$/.exec(text);
  const fraction = match[3] || '';
  const coefficient = BigInt(match[2] + fraction);
  return {
    coefficient: match[1] === '-' ? -coefficient : coefficient,
    exponent: Number(match[4] || 0) - fraction.length,
    negativeZero: match[1] === '-' && coefficient === 0n,
  };
}

export function fromBase64(base64) {
  const binary = atob(base64);
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

export function toBase64(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary);
}

/** The struct's value of field name (the first one), or undefined. */
export function field(struct, name) {
  if (!struct || struct.type !== 'struct' || struct.isNull) {
    return undefined;
  }
  const found = struct.value.find(([fieldName]) => fieldName === name);
  return found ? found[1] : undefined;
}
