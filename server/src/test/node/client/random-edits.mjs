// Seeded random edits for the Node protocol clients (the counterpart of RandomEdits.java).
import Delta from 'quill-delta';

// Typed units: letters, spaces, newlines, a non-ASCII letter and an astral character (two UTF-16 code
// units, so lengths and indexes are checked to agree across languages; no edit starts or ends between
// its halves, which the server refuses).
const TYPED = [...'abcdefghijklmnopqrstuvwxyz     \n', 'é', '😀'];
const FORMATS = ['bold', 'italic'];

/** mulberry32 over a 32-bit hash of the seed's text: deterministic for any seed string (e.g. a Java long). */
export function seededRandom(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (bound) => Math.floor(next() * bound), bool: () => next() < 0.5 };
}

/**
 * A random edit a user could make to `content`, a document (as RandomEdits.java): typing
 * (newlines included), pasting, deleting, formatting and unformatting (attribute null), image
 * embeds. Never touches the final newline, and never starts or ends inside a surrogate pair.
 */
export function randomEdit(random, content) {
  const units = content.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('');
  const inPair = (p) => p > 0 && p < units.length && /[\ud800-\udbff]/.test(units[p - 1]) && /[\udc00-\udfff]/.test(units[p]);
  const before = (p) => (inPair(p) ? p - 1 : p);
  const after = (p) => (inPair(p) ? p + 1 : p);
  const editable = units.length - 1;
  const roll = random.int(100);
  if (roll < 50 || editable === 0) {
    const attributes = random.int(5) === 0 ? { [FORMATS[random.int(FORMATS.length)]]: true } : undefined;
    return new Delta().retain(before(random.int(editable + 1))).insert(text(random), attributes);
  }
  const drawn = random.int(editable);
  const start = before(drawn);
  const span = after(drawn + 1 + random.int(Math.min(8, editable - drawn))) - start;
  if (roll < 75) {
    return new Delta().retain(start).delete(span);
  }
  if (roll < 92) {
    const format = FORMATS[random.int(FORMATS.length)];
    return new Delta().retain(start).retain(span, { [format]: random.bool() ? true : null });
  }
  return new Delta().retain(before(random.int(editable + 1))).insert({ image: `https://example.com/${random.int(100)}.png` });
}

function text(random) {
  const length = random.int(10) < 8 ? 1 : 2 + random.int(12);
  let result = '';
  for (let i = 0; i < length; i++) {
    result += TYPED[random.int(TYPED.length)];
  }
  return result;
}
