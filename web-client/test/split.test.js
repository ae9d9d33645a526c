// A change too large for one message goes out in pieces that compose back to it, each under the budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { PIECE_BYTES, jsonBytes, splitForWire } from '../src/ot/split.js';

function pieces(change, budget) {
  const all = [];
  let rest = change;
  while (rest) {
    const [first, next] = splitForWire(rest, budget);
    all.push(first);
    rest = next;
  }
  return all;
}

describe('splitForWire', () => {
  test('a change that fits is left whole', () => {
    const change = new Delta().retain(2).insert('hi');
    assert.deepEqual(splitForWire(change), [change, null]);
  });

  test('pieces compose to the change, each within the budget, never splitting a surrogate pair', () => {
    const seed = Number(process.env.SPLIT_SEED ?? 1 + (Date.now() % 100000));
    console.log(`split seed ${seed} (SPLIT_SEED=${seed} repeats it)`);
    let x = seed;
    const random = () => { x = (x * 48271) % 2147483647; return x / 2147483647; }; // Park–Miller, exact in doubles
    const alphabet = ['a', 'é', '€', '😀', '"', '\\', '\n', '\u0001'];
    for (let round = 0; round < 50; round++) {
      const base = new Delta().insert('hello world, a base document\n');
      let text = '';
      for (let i = 0; i < 200 + Math.floor(random() * 400); i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const at = Math.floor(random() * 20);
      const change = new Delta().retain(at).delete(Math.floor(random() * 3)).insert(text, random() < 0.5 ? { bold: true } : undefined)
        .retain(2).insert({ image: 'a.png' }).insert('tail');
      const budget = 120 + Math.floor(random() * 200); // room for one op with its retain and bold
      const all = pieces(change, budget);
      assert.ok(all.length > 1, 'split');
      let doc = base;
      for (const piece of all) {
        assert.ok(jsonBytes(JSON.stringify(piece.ops)) <= budget, `piece within ${budget}: ${JSON.stringify(piece.ops)}`);
        for (const op of piece.ops) {
          if (typeof op.insert === 'string') {
            assert.ok(!/^[\udc00-\udfff]/.test(op.insert) && !/[\ud800-\udbff]$/.test(op.insert), 'no half pair');
          }
        }
        doc = doc.compose(piece);
      }
      assert.deepEqual(doc, base.compose(change), `seed ${seed} round ${round}`);
    }
  });

  test('a 1.3 MB paste becomes pieces of at most PIECE_BYTES', () => {
    const change = new Delta().insert('word '.repeat(260_000));
    const all = pieces(change);
    assert.ok(all.length >= 3);
    for (const piece of all) assert.ok(jsonBytes(JSON.stringify(piece.ops)) <= PIECE_BYTES);
    assert.deepEqual(all.reduce((d, p) => d.compose(p), new Delta()), change);
  });
});
