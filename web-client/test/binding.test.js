// A remote message is handled whole even when drawing a collaborator's cursor throws (quill-cursors measures the page).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { EditorBinding } from '../src/editor/binding.js';
import { Session } from '../src/net/session.js';

function fakeQuill() {
  const handlers = {};
  const applied = [];
  return {
    applied,
    handlers,
    on(name, fn) { handlers[name] = fn; },
    isEnabled: () => false,
    enable() {},
    setContents() {},
    history: { clear() {} },
    getLength: () => 1,
    update() {},
    updateContents: (delta, source) => { applied.push(delta.ops); handlers['text-change']?.(delta, null, source); },
  };
}

// quill-cursors as it failed once: no bounds for a position, `null.top`.
const throwingCursors = {
  createCursor() {},
  moveCursor() { throw new TypeError("Cannot read properties of null (reading 'top')"); },
  toggleFlag() {},
  removeCursor() { throw new TypeError('detached'); },
};

describe('the binding survives a cursor that cannot be drawn', () => {
  test('presence, the people list, later ops and leaves are all handled', () => {
    const quill = fakeQuill();
    const session = new Session({ name: 'Ada' }, {});
    const binding = new EditorBinding(quill, session, { cursors: throwingCursors });
    Object.assign(session.out, binding.sessionCallbacks());
    let listed = 0;
    binding.onUsersChanged = () => { listed++; };
    const warn = console.warn;
    console.warn = () => {};
    try {
      session.receive({ type: 'welcome', version: 1, clientId: 'me', clientSecret: 'qc_x', role: 'edit',
        content: { ops: [{ insert: 'ab\n' }] }, users: [] });
      session.receive({ type: 'presence', clientId: 'g', name: 'Grace', color: '#112233', selection: { index: 1, length: 0 } });
      assert.deepEqual(binding.users().map((u) => u.name), ['Grace']);
      assert.equal(listed, 1, 'the people list was told');
      session.receive({ type: 'op', version: 2, clientId: 'g', seq: 1, delta: { ops: [{ insert: 'X' }] } });
      assert.deepEqual(quill.applied.at(-1), [{ insert: 'X' }], 'the next op is applied');
      assert.equal(session.state.version, 2);
      assert.deepEqual(binding.users()[0].range, { index: 2, length: 0 }, 'her cursor still moves with the text');
      session.receive({ type: 'leave', clientId: 'g' });
      assert.deepEqual(binding.users(), []);
    } finally {
      console.warn = warn;
    }
  });
});

describe('session: ops of our own the node had not sent us', () => {
  test('an op of ours we do not have (a node behind us committed it) is applied; a duplicate ack is ignored', () => {
    const applied = [];
    const desync = [];
    const session = new Session({}, { apply: (d) => applied.push(d.ops), desync: (r) => desync.push(r) });
    session.connectionOpened();
    session.receive({ type: 'welcome', version: 3, clientId: 'me', clientSecret: 'qc_x', role: 'edit',
      content: { ops: [{ insert: 'abc\n' }] }, users: [], lastSeq: 4 });
    session.receive({ type: 'op', version: 4, clientId: 'me', seq: 4, delta: { ops: [{ insert: 'Z' }] } });
    assert.deepEqual(applied, [[{ insert: 'Z' }]]);
    session.receive({ type: 'ack', seq: 4, version: 4 });
    assert.deepEqual(desync, [], 'no resync');
    assert.equal(session.state.version, 4);
    session.local(new Delta().insert('n'));
    assert.equal(session.state.inflight.sent.seq, 5, 'seqs go on after the last the server committed of ours');
  });
});
