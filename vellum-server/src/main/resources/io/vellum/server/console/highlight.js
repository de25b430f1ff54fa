// PartiQL syntax highlighting for the query editor: a small tokenizer whose tokens are drawn, as text in spans, in a
// <pre> under the textarea (whose own text is transparent), so the caret, selection, undo and keyboard stay the
// browser's. No markup is ever built from the statement's text, and no inline style is needed (strict CSP).

const KEYWORDS = new Set(('select value from where insert into update set delete remove create table index on drop '
  + 'undrop as at by and or not in is null missing true false like escape between exists order group having limit '
  + 'offset distinct all pivot unpivot let with case when then else end cast asc desc union intersect except join '
  + 'inner left right outer cross full exec history').split(' '));

const RULES = [
  ['comment', /^--[^\n]*/],
  ['comment', /^\/\*[\s\S]*?(?:\*\/|$)/],
  ['string', /^'(?:[^']|'')*(?:'|$)/],
  ['quoted', /^"(?:[^"]|"")*(?:"|$)/],
  ['ion', /^`[^`]*(?:`|$)/],
  ['number', /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/],
  ['word', /^[A-Za-z_$@][A-Za-z0-9_$]*/],
  ['parameter', /^\?/],
  ['space', /^\s+/],
  ['punctuation', /^(?:<<|>>|<=|>=|<>|!=|\|\||[^\sA-Za-z0-9_$@'"`?])/],
];

/** The statement's tokens, [{kind, text}], whose texts joined give text back. */
export function tokens(text) {
  const result = [];
  let rest = text;
  while (rest.length > 0) {
    let kind = 'punctuation';
    let length = 1;
    for (const [name, pattern] of RULES) {
      const match = pattern.exec(rest);
      if (match && match[0].length > 0) {
        kind = name;
        length = match[0].length;
        break;
      }
    }
    const piece = rest.substring(0, length);
    if (kind === 'word') {
      kind = KEYWORDS.has(piece.toLowerCase()) ? 'keyword' : 'identifier';
    }
    result.push({ kind, text: piece });
    rest = rest.substring(length);
  }
  return result;
}

/** Draws textarea's tokens into overlay (a pre under it) now and on every edit and scroll; returns the redraw. */
export function highlight(textarea, overlay) {
  const draw = () => {
    overlay.replaceChildren(...tokens(textarea.value).map(token => {
      if (token.kind === 'space' || token.kind === 'identifier' || token.kind === 'punctuation') {
        return document.createTextNode(token.text);
      }
      const span = document.createElement('span');
      span.className = 'token-' + token.kind;
      span.textContent = token.text;
      return span;
    }));
    if (textarea.value.endsWith('\n')) {
      overlay.append(' '); // a pre drops a last empty line that a textarea shows
    }
    overlay.scrollTop = textarea.scrollTop;
    overlay.scrollLeft = textarea.scrollLeft;
  };
  textarea.addEventListener('input', draw);
  textarea.addEventListener('scroll', () => {
    overlay.scrollTop = textarea.scrollTop;
    overlay.scrollLeft = textarea.scrollLeft;
  });
  draw();
  return draw;
}
