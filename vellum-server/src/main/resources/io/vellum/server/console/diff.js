// Differences between two JSON values (consecutive revisions' data), as a list of {path, kind, before, after}:
// kind 'added', 'removed' or 'changed'; paths like Owners.SecondaryOwners[0].PersonId.
import { JsonNumber } from './api.js';

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof JsonNumber);
}

function same(a, b) {
  return ionText(a) === ionText(b);
}

export function differences(before, after, path = '') {
  if (isObject(before) && isObject(after)) {
    const changes = [];
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const name of names) {
      const child = path === '' ? name : path + '.' + name;
      if (!(name in after)) {
        changes.push({ path: child, kind: 'removed', before: before[name] });
      } else if (!(name in before)) {
        changes.push({ path: child, kind: 'added', after: after[name] });
      } else {
        changes.push(...differences(before[name], after[name], child));
      }
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => differences(item, after[i], path + '[' + i + ']'));
  }
  return same(before, after) ? [] : [{ path: path === '' ? '(whole value)' : path, kind: 'changed', before, after }];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON value (as the native API returns it) written as Ion text: field names bare where Ion allows. */
export function ionText(value, indent = null, depth = 0) {
  if (value === undefined) {
    return '';
  }
  if (value === null) {
    return 'null';
  }
  if (value instanceof JsonNumber || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  const newline = indent === null ? '' : '\n' + indent.repeat(depth + 1);
  const closing = indent === null ? '' : '\n' + indent.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '[]';
    }
    return '[' + value.map(item => newline + ionText(item, indent, depth + 1)).join(',' + (indent === null ? ' ' : ''))
      + closing + ']';
  }
  const names = Object.keys(value);
  if (names.length === 0) {
    return '{}';
  }
  return '{' + names.map(name => newline + (IDENTIFIER.test(name) && !['null', 'true', 'false', 'nan'].includes(name)
    ? name : "'" + name.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'") + ': '
    + ionText(value[name], indent, depth + 1)).join(',' + (indent === null ? ' ' : '')) + closing + '}';
}
