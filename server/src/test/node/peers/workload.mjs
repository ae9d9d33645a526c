// The workload every server gets: the seed document and the writers' edits, each a small Quill
// delta made against the writer's own copy of the document (88 % one-character inserts, 8 %
// one-character deletes, 4 % bold on or off over a few characters), from a seeded generator.
import seedrandom from 'seedrandom';

/** The document every run starts from: three paragraphs, as a Quill delta of inserts. */
export const SEED_OPS = Object.freeze([
  { insert: 'Quire, ShareDB and Hocuspocus side by side\n', attributes: { bold: true } },
  {
    insert:
      'Every server gets the same document and the same stream of small edits: one-character inserts, ' +
      'a few deletes, now and then a word made bold or plain again. The writers type at a fixed rate ' +
      'whatever the server answers, and every other client must see each edit.\n',
  },
  {
    insert:
      'Latency is measured from the moment a writer hands its edit to the socket until the last other ' +
      'client has it; the server runs on one core and the generator on the other.\n',
  },
  { insert: 'At the end every client must hold exactly what the server holds.\n' },
]);

const LETTERS = 'abcdefghijklmnopqrstuvwxyz     ';

/** The generator of a run's choices: the seed makes a run's edits repeatable. */
export function seededRandom(seed) {
  return seedrandom(String(seed));
}

/** The next edit against a document of `length` characters (the final newline included), as quill-delta's JSON ops. */
export function nextEdit(random, length) {
  const r = random();
  const editable = length - 1; // never touch the final newline
  if (r < 0.88 || editable < 1) {
    const at = Math.floor(random() * (editable + 1));
    const ch = LETTERS[Math.floor(random() * LETTERS.length)];
    return withRetain(at, [{ insert: ch }]);
  }
  const at = Math.floor(random() * editable);
  if (r < 0.96) {
    return withRetain(at, [{ delete: 1 }]);
  }
  const span = Math.min(1 + Math.floor(random() * 8), editable - at);
  const bold = random() < 0.5 ? true : null;
  return withRetain(at, [{ retain: span, attributes: { bold } }]);
}

function withRetain(at, rest) {
  return at > 0 ? [{ retain: at }, ...rest] : rest;
}
