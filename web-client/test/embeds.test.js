// Content the editor cannot show must never stop it: unknown embeds reach Quill as placeholders of
// the same length, and names reach the page cleaned.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { forEditor, isSupportedEmbed, PLACEHOLDER, withoutUnsupportedEmbeds } from '../src/editor/embeds.js';
import { EditorBinding } from '../src/editor/binding.js';
import { displayName, initials } from '../src/identity.js';

describe('embeds for the editor', () => {
  const supported = [{ image: 'https://example.com/a.png' }, { image: 'data:image/png;base64,AAAA' }];
  const unsupported = [
    { bogus: 'x' }, JSON.parse('{"__proto__": "x"}'), { constructor: 'x' }, { video: 'https://v' },
    { formula: 'e=mc^2' }, { image: { src: 'x' } }, { image: 'a', alt: 'b' }, {}, [], null,
  ];
  for (const embed of supported) {
    test(`${JSON.stringify(embed)} is shown as it is`, () => assert.equal(isSupportedEmbed(embed), true));
  }
  for (const embed of unsupported) {
    test(`${JSON.stringify(embed)} is not`, () => assert.equal(isSupportedEmbed(embed), false));
  }

  test('an unknown embed becomes a placeholder of the same length, attributes and neighbours kept', () => {
    const stored = { ops: [{ insert: 'a' }, { insert: { bogus: 'x' }, attributes: { bold: true } }, { insert: 'b\n' }] };
    const shown = forEditor(stored);
    assert.deepEqual(shown.ops, [
      { insert: 'a' }, { insert: { [PLACEHOLDER]: 'bogus' }, attributes: { bold: true } }, { insert: 'b\n' }]);
    assert.equal(shown.length(), new Delta(stored.ops).length());
    assert.ok(shown instanceof Delta);
  });

  test('an op keeps every position: transformPosition agrees before and after', () => {
    const op = new Delta().retain(2).insert({ constructor: 'x' }).delete(1).insert({ video: 'v' });
    const shown = forEditor(op);
    for (let i = 0; i < 6; i++) assert.equal(shown.transformPosition(i), op.transformPosition(i), `at ${i}`);
    assert.deepEqual(shown.ops[1], { insert: { [PLACEHOLDER]: 'constructor' } });
  });

  test('a delta with nothing to replace is returned as it is', () => {
    const delta = new Delta().insert('x').insert({ image: 'https://a/b.png' });
    assert.equal(forEditor(delta), delta);
  });

  test('a long or odd type is shortened or named generically', () => {
    const long = 'x'.repeat(100);
    assert.equal(forEditor({ ops: [{ insert: { [long]: 1 } }] }).ops[0].insert[PLACEHOLDER], `${'x'.repeat(40)}…`);
    assert.equal(forEditor({ ops: [{ insert: {} }] }).ops[0].insert[PLACEHOLDER], 'embed');
  });

  test('a paste loses the embeds the server would refuse, placeholders included', () => {
    const pasted = new Delta().insert('a').insert({ video: 'https://v' }).insert({ [PLACEHOLDER]: 'bogus' })
      .insert({ image: 'https://a/b.png' }).insert('b');
    assert.deepEqual(withoutUnsupportedEmbeds(pasted).ops, [{ insert: 'a' }, { insert: { image: 'https://a/b.png' } }, { insert: 'b' }]);
  });
});

describe('the binding gives Quill only what it can show', () => {
  function fakeQuill() {
    const calls = [];
    return {
      calls,
      on() {},
      isEnabled: () => false,
      getLength: () => 1,
      setContents: (delta, source) => calls.push(['set', delta.ops, source]),
      updateContents: (delta, source) => calls.push(['update', delta.ops, source]),
      history: { clear() {} },
    };
  }
  const session = { clientId: 'me', pending: () => new Delta() };

  test('first load and remote ops with an unknown embed reach Quill as placeholders', () => {
    const quill = fakeQuill();
    const out = new EditorBinding(quill, session).sessionCallbacks();
    out.reset({ ops: [{ insert: { bogus: 'x' } }, { insert: '\n' }] });
    out.apply(new Delta().retain(1).insert({ formula: 'x' }));
    assert.deepEqual(quill.calls, [
      ['set', [{ insert: { [PLACEHOLDER]: 'bogus' } }, { insert: '\n' }], 'api'],
      ['update', [{ retain: 1 }, { insert: { [PLACEHOLDER]: 'formula' } }], 'api'],
    ]);
  });

  test('a collaborator is listed with a cleaned name', () => {
    const binding = new EditorBinding(fakeQuill(), session);
    binding.sessionCallbacks().presence({ clientId: 'x', name: '\u202eAnn\u0000', color: '#000000', selection: null });
    binding.sessionCallbacks().presence({ clientId: 'y', name: '\u2066', color: '#000000', selection: null });
    assert.deepEqual(binding.users().map((u) => u.name), ['Ann', 'Anonymous']);
  });
});

describe('display names', () => {
  const cases = [
    ['Ada Lovelace', 'Ada Lovelace'],
    ['Ann\u202etxt.exe', 'Anntxt.exe'],
    ['\u2066A\u2067B\u2068C\u2069\u200e\u200f\u061c', 'ABC'],
    ['A\u0000B\u001b[2JC\u007f\u009b', 'AB[2JC'],
    ['Ada\nLove\tlace', 'Ada Love lace'],
    ['Ann\ud83d', 'Ann'],
    ['\ude00Ann', 'Ann'],
    ['Ann \ud83d\ude00', 'Ann \ud83d\ude00'],
    ['\ud83d\udc69\u200d\ud83d\udcbb', '\ud83d\udc69\u200d\ud83d\udcbb'],
    ['\u05e9\u05e8\u05d4', '\u05e9\u05e8\u05d4'],
    ['\u202e\u0000', 'Anonymous'],
    ['', 'Anonymous'],
    [undefined, 'Anonymous'],
  ];
  for (const [name, shown] of cases) {
    test(`${JSON.stringify(name)} → ${JSON.stringify(shown)}`, () => assert.equal(displayName(name), shown));
  }
  test('initials keep an emoji whole', () => assert.equal(initials('\ud83d\ude00 Ann'), '\ud83d\ude00A'));
});
