// The Session's wire handling beyond the happy path: rejected ops, resumes too far behind,
// presence after a join, errors that are not ours.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Session } from '../src/net/session.js';
import { ServerType } from '../src/protocol.js';

function recorder() {
  const log = { sent: [], reset: [], lost: [], desync: [], rejected: [], errors: [], flushes: 0 };
  const session = new Session({ name: 'Ada' }, {
    send: (m) => log.sent.push(m),
    reset: (d) => log.reset.push(d.ops),
    lost: (d) => log.lost.push(d.ops),
    desync: (r) => log.desync.push(r),
    rejected: (e) => log.rejected.push(e.code),
    error: (e) => log.errors.push(e.code),
    flush: () => { log.flushes += 1; },
  });
  return { session, log };
}

const fresh = (version, text = '\n') => ({ type: 'welcome', protocol: 2, clientId: 'me', documentId: 'd', title: 'T', version, content: { ops: [{ insert: text }] }, users: [] });

describe('session', () => {
  test('the first welcome gives our identity; later hellos present its secret, and our own ops in a resume are acks', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    assert.equal(log.sent.at(-1).clientSecret, undefined, 'nothing to present yet');
    assert.equal('clientId' in log.sent.at(-1), false, 'the id is not ours to choose');
    session.receive({ ...fresh(0), clientId: 'c-issued', clientSecret: 'qc_issued' });
    assert.equal(session.clientId, 'c-issued');
    session.local(new Delta().insert('a'));
    session.connectionClosed();
    session.connectionOpened();
    assert.deepEqual(log.sent.at(-1), { type: 'hello', protocol: 3, clientSecret: 'qc_issued', name: 'Ada', version: 0,
      inFlightSeq: 1 });
    session.receive({ type: 'welcome', protocol: 2, clientId: 'c-issued', documentId: 'd', title: 'T', version: 2,
      users: [], ops: [{ version: 1, clientId: 'me', seq: 1, delta: { ops: [{ insert: 'x' }] } },
        { version: 2, clientId: 'c-issued', seq: 1, delta: { ops: [{ retain: 1 }, { insert: 'a' }] } }] });
    assert.ok(session.settled, 'seq 1 of another id was someone else\'s op; ours came as the ack');
    assert.equal(session.clientSecret, 'qc_issued', 'kept: a resume welcome does not repeat it');
    assert.deepEqual(log.sent.filter((m) => m.type === 'op').length, 1, 'nothing resent');
  });

  test('the hello names the seq in flight, and a full welcome that does not cover it has it merged under a higher seq', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    assert.equal('inFlightSeq' in log.sent.at(-1), false, 'nothing in flight on the first hello');
    session.receive(fresh(0));
    session.local(new Delta().insert('a'));
    session.local(new Delta().insert('b'));
    session.connectionClosed();
    session.connectionOpened();
    assert.equal(log.sent.at(-1).inFlightSeq, 1, 'the op sent (seq 1), not the buffered edit');
    // Another node, which fenced seq 1 off: the content without it, lastSeq below it.
    session.receive({ ...fresh(3, 'xyz\n'), lastSeq: 0 });
    const merged = log.sent.at(-1);
    assert.equal(merged.type, 'op');
    assert.ok(merged.seq > 1, `merged as a new op above the fenced seq, not resent: ${merged.seq}`);
    assert.equal(merged.baseVersion, 3);
    session.receive({ type: 'ack', seq: merged.seq, version: 4 });
    assert.ok(session.settled);
    session.connectionClosed();
    session.connectionOpened();
    assert.equal('inFlightSeq' in log.sent.at(-1), false, 'settled: nothing in flight to name');
  });

  test('a rejected in-flight op forces a fresh load, and the unsaved edit is reported lost', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(2, 'ab\n'));
    session.local(new Delta().insert('X'));
    session.receive({ type: 'error', code: 'invalid_delta', message: 'no', seq: 1 });
    assert.deepEqual(log.rejected, ['invalid_delta']);
    assert.equal(log.desync.length, 1);
    session.connectionOpened();
    assert.equal(log.sent.at(-1).version, undefined, 'the next hello asks for the full content');
    session.receive(fresh(3, 'abc\n'));
    assert.deepEqual(log.lost, [[{ insert: 'X' }]]);
    assert.deepEqual(log.reset.at(-1), [{ insert: 'abc\n' }]);
    assert.ok(session.settled);
    session.connectionOpened();
    assert.equal(log.sent.at(-1).version, 3, 'resumes normally afterwards');
  });

  test('an op refused for a spent write budget stays in flight and is sent again, unchanged, when asked', () => {
    const { session, log } = recorder();
    const deferred = [];
    session.out.deferred = (d) => deferred.push(d);
    session.connectionOpened();
    session.receive(fresh(2, 'ab\n'));
    session.local(new Delta().insert('X'));
    const sent = log.sent.at(-1);
    session.receive({ type: 'error', code: 'write_budget_exceeded', message: 'later', seq: 1, re: 'op', retryAfterMs: 1500 });
    assert.deepEqual(deferred.map((d) => [d.seq, d.retryAfterMs]), [[1, 1500]]);
    assert.equal(log.desync.length, 0, 'no reload');
    assert.deepEqual(log.rejected, []);
    session.local(new Delta().retain(1).insert('Y'));
    session.receive({ type: 'op', version: 3, clientId: 'other', seq: 9, delta: { ops: [{ insert: 'o' }] } });

    session.resendDeferred(1);
    assert.deepEqual(log.sent.at(-1), sent, 'the same op, seq and base version');
    const count = log.sent.length;
    session.resendDeferred(1);
    assert.equal(log.sent.length, count, 'a second timer sends nothing');

    session.receive({ type: 'ack', seq: 1, version: 4 });
    assert.deepEqual(log.sent.at(-1), { type: 'op', seq: 2, baseVersion: 4, delta: { ops: [{ retain: 2 }, { insert: 'Y' }] } });
    session.receive({ type: 'ack', seq: 2, version: 5 });
    assert.ok(session.settled);
    assert.deepEqual(log.lost, []);
  });

  test('an op refused because the server is busy is kept in flight likewise and sent again unchanged', () => {
    const { session, log } = recorder();
    const deferred = [];
    session.out.deferred = (d) => deferred.push(d);
    session.connectionOpened();
    session.receive(fresh(2, 'ab\n'));
    session.local(new Delta().insert('X'));
    const sent = log.sent.at(-1);
    session.receive({ type: 'error', code: 'server_busy', message: 'queue full', seq: 1, re: 'op', retryAfterMs: 1000 });
    assert.deepEqual(deferred.map((d) => [d.seq, d.retryAfterMs, d.error.code]), [[1, 1000, 'server_busy']]);
    assert.equal(log.desync.length, 0, 'no reload');
    assert.deepEqual(log.rejected, []);

    session.resendDeferred(1);
    assert.deepEqual(log.sent.at(-1), sent, 'the same op, seq and base version');
    session.receive({ type: 'ack', seq: 1, version: 3 });
    assert.ok(session.settled);
    assert.deepEqual(log.lost, [], 'nothing typed was lost');
  });

  test('a deferred op is resent by the reconnect, and the old timer then sends nothing', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(0));
    session.local(new Delta().insert('X'));
    session.receive({ type: 'error', code: 'write_budget_exceeded', message: 'later', seq: 1, re: 'op', retryAfterMs: 10 });
    session.connectionClosed();
    session.connectionOpened();
    session.receive({ type: 'welcome', protocol: 1, documentId: 'd', title: 'T', version: 0, ops: [], users: [] });
    const count = log.sent.filter((m) => m.type === 'op').length;
    assert.equal(count, 2, 'sent first, then resent after the resume');
    session.resendDeferred(1);
    assert.equal(log.sent.filter((m) => m.type === 'op').length, 2);
  });

  test('an error that does not answer our op is only reported', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(0));
    session.receive({ type: 'error', code: 'invalid_message', message: 'x' });
    assert.deepEqual(log.errors, ['invalid_message']);
    assert.equal(log.desync.length, 0);
  });

  test('an ops message (protocol 3) applies its ops in order, rebased over our op in flight, whose ack follows', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    assert.equal(log.sent.at(-1).protocol, 3);
    session.receive(fresh(2, 'ab\n'));
    let content = new Delta().insert('ab\n');
    session.out.apply = (delta) => { content = content.compose(delta); };
    const mine = new Delta().retain(2).insert('X');
    content = content.compose(mine);
    session.local(mine);
    session.receive({ type: 'ops', ops: [
      { version: 3, clientId: 'o1', seq: 4, delta: { ops: [{ insert: 'p' }] } },
      { version: 4, clientId: 'o2', seq: 7, delta: { ops: [{ retain: 1 }, { insert: 'q' }] } },
    ] });
    assert.deepEqual(content.ops, [{ insert: 'pqabX\n' }], 'both applied, in order, around our edit');
    session.receive({ type: 'ack', seq: 1, version: 5 });
    assert.ok(session.settled);
    assert.equal(log.desync.length, 0);
  });

  test('a version gap inside an ops message desynchronises too', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(0));
    session.receive({ type: 'ops', ops: [
      { version: 1, clientId: 'x', seq: 1, delta: { ops: [{ insert: 'a' }] } },
      { version: 3, clientId: 'x', seq: 2, delta: { ops: [{ insert: 'b' }] } },
    ] });
    assert.equal(log.desync.length, 1);
  });

  test('a version gap desynchronises instead of corrupting the document', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(0));
    session.receive({ type: 'op', version: 5, clientId: 'x', seq: 1, delta: { ops: [{ insert: 'a' }] } });
    assert.equal(log.desync.length, 1);
  });

  test('the selection is re-sent after every join, and nothing is sent before the welcome', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.presence({ index: 0, length: 0 });
    assert.deepEqual(log.sent.map((m) => m.type), ['hello']);
    session.receive(fresh(0));
    assert.deepEqual(log.sent.at(-1), { type: 'presence', selection: { index: 0, length: 0 } });
  });

  test('a selection made while an edit is unacknowledged is held back, then asked for afresh after the ack', () => {
    const { session, log } = recorder();
    let due = 0;
    session.out.presenceDue = () => { due += 1; };
    session.connectionOpened();
    session.receive(fresh(0));
    session.local(new Delta().insert('abc'));
    session.presence({ index: 3, length: 0 });
    assert.deepEqual(log.sent.map((m) => m.type), ['hello', 'op'], 'no presence in coordinates the server lacks');
    assert.equal(due, 0);
    session.receive({ type: 'ack', seq: 1, version: 1 });
    assert.equal(due, 1, 'the editor is asked for its selection once the server has every edit');
    session.presence({ index: 3, length: 0 });
    assert.deepEqual(log.sent.at(-1), { type: 'presence', selection: { index: 3, length: 0 } });
  });

  test('the editor is flushed before every incoming message', () => {
    const { session, log } = recorder();
    session.connectionOpened();
    session.receive(fresh(0));
    session.receive({ type: 'pong' });
    assert.equal(log.flushes, 2);
  });

  test('a title message is handed to the editor, and changes nothing else', () => {
    const titles = [];
    const errors = [];
    const session = new Session({}, { title: (m) => titles.push(m), error: (e) => errors.push(e) });
    session.connectionOpened();
    session.receive(fresh(4, 'ab\n'));
    session.receive({ type: ServerType.TITLE, title: 'Minutes', by: 'REST API' });
    assert.deepEqual(titles, [{ type: 'title', title: 'Minutes', by: 'REST API' }]);
    assert.deepEqual(errors, []);
    assert.equal(session.state.version, 4);
    assert.ok(session.joined && session.settled);
  });
});
