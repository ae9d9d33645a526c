// Saving (docs/protocol.md `save`/`saved`): the session's save() and its answers, and what the
// status line and the quiet "last saved" note say about them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Session } from '../src/net/session.js';
import { describeLastSave, describeStatus, StatusText, triggerWords } from '../src/editor/status.js';

function recorder() {
  const log = { sent: [], saved: [], failed: [], errors: [], changed: 0, flushes: 0 };
  const session = new Session({ name: 'Ada' }, {
    send: (m) => log.sent.push(m),
    saved: (m) => log.saved.push(m),
    saveFailed: (e) => log.failed.push(e.code),
    error: (e) => log.errors.push(e.code),
    changed: () => { log.changed += 1; },
    flush: () => { log.flushes += 1; },
  });
  session.connectionOpened();
  session.receive({ type: 'welcome', protocol: 2, clientId: 'me', documentId: 'd', title: 'T', version: 4, content: { ops: [{ insert: 'ab\n' }] }, users: [] });
  return { session, log };
}

const saved = (fields) => ({ type: 'saved', savedVersion: 1, version: 4, trigger: 'explicit', savedBy: 'Ada', savedAt: '2026-11-26T12:00:03.500Z', ...fields });

const status = (session, connection = 'online') => describeStatus({
  connection, loaded: session.loaded, settled: session.settled, saving: Boolean(session.saving), lastSave: session.lastSave, version: session.state.version,
}).text;

describe('session save', () => {
  test('save() sends the save message with its label, and the explicit saved answers it', () => {
    const { session, log } = recorder();
    assert.equal(session.save('before the rewrite'), true);
    assert.deepEqual(log.sent.at(-1), { type: 'save', label: 'before the rewrite' });
    assert.ok(log.flushes >= 2, 'the editor reports pending edits first');
    assert.equal(status(session), StatusText.SAVING);
    assert.equal(session.save(), false, 'one save at a time');
    session.receive(saved({ savedVersion: 3, requestedBy: 'me' }));
    assert.equal(session.saving, null);
    assert.equal(log.saved.at(-1).mine, true);
    assert.equal(status(session), 'Saved · version 3');
  });

  test('no label, no label field', () => {
    const { session, log } = recorder();
    session.save();
    assert.deepEqual(log.sent.at(-1), { type: 'save' });
  });

  test('an autosave arriving while ours is outstanding does not answer it', () => {
    const { session, log } = recorder();
    session.save();
    session.receive(saved({ trigger: 'auto', savedBy: null }));
    assert.equal(log.saved.at(-1).mine, false);
    assert.equal(status(session), StatusText.SAVING);
    session.receive(saved({ savedVersion: 2, requestedBy: 'other' }));
    assert.equal(status(session), StatusText.SAVING, 'someone else\'s explicit save does not answer ours either');
    session.receive(saved({ savedVersion: 3, requestedBy: 'me' }));
    assert.equal(status(session), 'Saved · version 3');
  });

  test('edits after the save go back to the normal op statuses', () => {
    const { session } = recorder();
    session.save();
    session.receive(saved({ requestedBy: 'me' }));
    session.local(new Delta().insert('x'));
    assert.equal(status(session), StatusText.SAVING);
    session.receive({ type: 'ack', seq: 1, version: 5 });
    assert.equal(status(session), StatusText.SAVED, 'the save captured version 4; we have 5');
  });

  test('a remote edit after the save also ends "Saved"', () => {
    const { session } = recorder();
    session.receive(saved());
    assert.equal(status(session), 'Saved by Ada · version 1', 'not ours: named');
    session.receive({ type: 'op', version: 5, clientId: 'other', seq: 1, delta: { ops: [{ insert: 'z' }] } });
    assert.equal(status(session), StatusText.SAVED);
  });

  test('someone else\'s save is shown with their name; an autosave stays quiet', () => {
    const { session, log } = recorder();
    session.receive(saved({ savedBy: 'Grace', savedVersion: 7 }));
    assert.equal(log.saved.at(-1).mine, false);
    assert.equal(status(session), 'Saved by Grace · version 7');
    session.receive(saved({ trigger: 'auto', savedBy: null, savedVersion: 8 }));
    assert.equal(status(session), StatusText.SAVED, 'autosaves never take over the status line');
    assert.match(describeLastSave(session.lastSave, { formatTime: () => '12:00' }), /^Autosaved · v8 · 12:00$/);
  });

  test('a save waits until the buffered edits are on the wire, so it captures them', () => {
    const { session, log } = recorder();
    session.local(new Delta().insert('a')); // in flight
    session.local(new Delta().insert('b')); // buffered
    session.save();
    assert.deepEqual(log.sent.map((m) => m.type), ['hello', 'op'], 'held back behind the buffer');
    assert.equal(status(session), StatusText.SAVING);
    session.receive({ type: 'ack', seq: 1, version: 5 });
    assert.deepEqual(log.sent.map((m) => m.type), ['hello', 'op', 'op', 'save'], 'buffer first, then the save');
  });

  test('a refused save (an error with re: "save") is reported and clears "Saving…"', () => {
    const { session, log } = recorder();
    session.save();
    session.receive({ type: 'error', code: 'invalid_message', message: 'label too long', re: 'save' });
    assert.deepEqual(log.failed, ['invalid_message']);
    assert.deepEqual(log.errors, []);
    assert.equal(status(session), StatusText.SAVED);
  });

  test('an error answering another request does not fail the save in flight', () => {
    const { session, log } = recorder();
    session.save();
    session.receive({ type: 'error', code: 'rate_limited', message: 'dropped', re: 'presence' });
    session.receive({ type: 'error', code: 'invalid_json', message: 'not JSON' });
    assert.deepEqual(log.failed, []);
    assert.deepEqual(log.errors, ['rate_limited', 'invalid_json']);
    assert.equal(status(session), StatusText.SAVING);
  });

  test('offline: save() refuses; a dropped connection fails the outstanding save', () => {
    const { session, log } = recorder();
    session.save();
    session.connectionClosed();
    assert.deepEqual(log.failed, ['connection_lost']);
    assert.equal(session.save(), false);
    assert.equal(status(session, 'offline'), StatusText.OFFLINE);
    session.connectionOpened();
    session.receive({ type: 'welcome', protocol: 2, clientId: 'me', documentId: 'd', title: 'T', version: 4, ops: [], users: [] });
    assert.deepEqual(log.sent.filter((m) => m.type === 'save').length, 1, 'not resent behind the user\'s back');
  });
});

describe('save wording', () => {
  test('trigger words', () => {
    assert.equal(triggerWords({ trigger: 'explicit', savedBy: 'Grace' }), 'Saved by Grace');
    assert.equal(triggerWords({ trigger: 'explicit', savedBy: 'Grace' }, { mine: true }), 'Saved');
    assert.equal(triggerWords({ trigger: 'auto' }), 'Autosaved');
    assert.equal(triggerWords({ trigger: 'api', savedBy: 'x' }), 'Saved through the API');
  });
  test('nothing saved yet, no note', () => {
    assert.equal(describeLastSave(null), '');
  });
  test('the status line says when it names the save, so the note beside it can stay quiet', () => {
    const save = { trigger: 'explicit', version: 4, savedVersion: 2, mine: true, savedAt: '2026-01-01T19:06:00Z' };
    assert.equal(describeStatus({ connection: 'online', loaded: true, settled: true, lastSave: save, version: 4 }).showsSave, true);
    assert.ok(!describeStatus({ connection: 'online', loaded: true, settled: true, lastSave: save, version: 5 }).showsSave,
      'after the next edit the status no longer names it: the note does');
    assert.ok(!describeStatus({ connection: 'online', loaded: true, settled: true, lastSave: { ...save, trigger: 'api' }, version: 4 }).showsSave);
  });
});
