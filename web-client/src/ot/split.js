// Splits a local change that would make a message larger than the server accepts (docs/protocol.md: 1 MiB) into
// pieces that each fit, so a big paste goes out as several ops instead of one the server refuses with 1009.
// Every piece is a change of its own: first ∘ rest = the whole change, and the server commits them in order.

import Delta from 'quill-delta';

/** The most a piece's ops may take in JSON (UTF-8 bytes): half the server's message limit leaves room for the rest. */
export const PIECE_BYTES = 512 * 1024;

/**
 * @param {Delta} change
 * @param {number} [budget] bytes of JSON the first piece's ops may take
 * @returns {[Delta, Delta | null]} the first piece and what follows it (null when the change fits whole)
 */
export function splitForWire(change, budget = PIECE_BYTES) {
  if (jsonBytes(JSON.stringify(change.ops)) <= budget) return [change, null];
  const first = new Delta();
  let used = 2; // the array's brackets
  let cut = null; // [index of the op cut, units of it kept in first]
  for (let i = 0; i < change.ops.length && cut === null; i++) {
    const op = change.ops[i];
    const size = jsonBytes(JSON.stringify(op)) + 1;
    if (used + size <= budget) {
      first.push(op);
      used += size;
      continue;
    }
    const noProgressYet = first.ops.every((kept) => kept.retain != null);
    let units = typeof op.insert === 'string' ? fittingUnits(op.insert, budget - used - overhead(op)) : 0;
    if (units === 0 && typeof op.insert === 'string' && noProgressYet) {
      units = isPairAt(op.insert, 0) ? 2 : 1; // progress, however small
    }
    if (units > 0) {
      first.push({ ...op, insert: op.insert.slice(0, units) });
      cut = [i, units];
    } else if (noProgressYet) {
      first.push(op); // an op that cannot be cut (an embed) goes alone; the caller checks its size
      cut = [i + 1, 0];
    } else {
      cut = [i, 0];
    }
  }
  const [index, kept] = cut;
  const rest = new Delta().retain(outputLength(first));
  change.ops.slice(index).forEach((op, k) => {
    rest.push(k === 0 && kept > 0 ? { ...op, insert: op.insert.slice(kept) } : op);
  });
  return [first.chop(), rest.chop().ops.length > 0 ? rest.chop() : null];
}

// How far the first piece reaches into the document once applied: what it retains and inserts (an embed counts 1).
function outputLength(first) {
  return first.ops.reduce((sum, op) => {
    if (op.delete != null) return sum;
    const value = op.retain ?? op.insert;
    return sum + (typeof value === 'number' ? value : typeof value === 'string' ? value.length : 1);
  }, 0);
}

// The JSON bytes of an op besides its insert's text (its attributes, keys, quotes).
function overhead(op) {
  return jsonBytes(JSON.stringify({ ...op, insert: '' })) + 1;
}

// The longest prefix of `text` whose JSON form fits in `budget` bytes, never ending inside a surrogate pair.
function fittingUnits(text, budget) {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const pair = isPairAt(text, i);
    const cost = pair ? 4 : charBytes(text.charCodeAt(i));
    if (used + cost > budget) break;
    used += cost;
    i += pair ? 2 : 1;
  }
  return i;
}

function isPairAt(text, i) {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && i + 1 < text.length
    && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
}

function charBytes(code) {
  if (code === 0x22 || code === 0x5c) return 2; // \" and \\
  if (code < 0x20) return 6; // \u00XX at worst
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate, escaped
  return 3;
}

/** UTF-8 bytes of a string. */
export function jsonBytes(text) {
  return new TextEncoder().encode(text).length;
}
