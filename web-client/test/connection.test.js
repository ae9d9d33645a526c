// The connection layer with a fake WebSocket and a fake clock: backoff, resume, resend once,
// close codes, offline/online, heartbeat.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection, Status } from '../src/net/connection.js';
import { Session } from '../src/net/session.js';
import { backoffDelay } from '../src/net/backoff.js';
import Delta from 'quill-delta';

class FakeClock {
  constructor() { this.t = 0; this.tasks = new Map(); this.nextId = 1; }
  setTimeout(fn, ms) { const id = this.nextId++; this.tasks.set(id, { at: this.t + ms, fn }); return id; }
  clearTimeout(id) { this.tasks.delete(id); }
  now() { return this.t; }
  /** Runs the earliest task; returns its delay from now. */
  next() {
    const [id, task] = [...this.tasks].sort((a, b) => a[1].at - b[1].at)[0];
    this.tasks.delete(id);
    const delay = task.at - this.t;
    this.t = task.at;
    task.fn();
    return delay;
  }
}

function harness() {
  const sockets = [];
  class FakeSocket {
    constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this); }
    send(data) { this.sent.push(JSON.parse(data)); }
    close() { this.readyState = 3; }
    open() { this.readyState = 1; this.onopen(); }
    receive(m) { this.onmessage({ data: JSON.stringify(m) }); }
    drop(code = 1006) { this.readyState = 3; this.onclose({ code, reason: '' }); }
  }
  const clock = new FakeClock();
  const statuses = [];
  const applied = [];
  let connection;
  const session = new Session({ name: 'Ada' }, {
    send: (m) => connection.send(m),
    apply: (d) => applied.push(d.ops),
  });
  connection = new Connection({
    url: 'ws://x/ws/documents/d', session, WebSocket: FakeSocket, timers: clock, random: () => 0.5,
    onStatus: (s) => statuses.push(s),
  });
  return { sockets, clock, statuses, session, connection, applied, last: () => sockets[sockets.length - 1] };
}

const welcome = (version, extra = {}) => ({ type: 'welcome', protocol: 2, clientId: 'me', clientSecret: 'qc_me', documentId: 'd', title: 'T', version, users: [], ...extra });

describe('backoff', () => {
  test('grows exponentially, capped, with equal jitter', () => {
    assert.equal(backoffDelay(0, () => 0), 250);
    assert.equal(backoffDelay(0, () => 0.999999), 500);
    assert.equal(backoffDelay(3, () => 0), 2000);
    assert.equal(backoffDelay(20, () => 1), 15000);
  });
});

describe('connection', () => {
  test('hello first, then online on welcome', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    assert.deepEqual(h.last().sent, [{ type: 'hello', protocol: 3, name: 'Ada' }], 'no secret yet: the server gives us an identity');
    assert.equal(h.connection.status, Status.CONNECTING);
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    assert.equal(h.connection.status, Status.ONLINE);
  });

  test('a drop retries with growing delays, and resumes from the last version seen', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(4, { content: { ops: [{ insert: 'abcd\n' }] } }));
    h.last().drop();
    assert.equal(h.connection.status, Status.OFFLINE);
    assert.equal(h.clock.next(), 375); // attempt 0: 250 + 0.5 * 250
    h.last().drop(); // the retry fails before opening
    assert.equal(h.clock.next(), 750);
    h.last().open();
    assert.deepEqual(h.last().sent[0], { type: 'hello', protocol: 3, clientSecret: 'qc_me', name: 'Ada', version: 4 },
      'resumes under the identity the first welcome gave');
  });

  test('the in-flight op is resent once after the resume welcome, with the same seq and base', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    h.session.local(new Delta().insert('a'));
    const first = h.last().sent.filter((m) => m.type === 'op');
    assert.deepEqual(first, [{ type: 'op', seq: 1, baseVersion: 0, delta: { ops: [{ insert: 'a' }] } }]);
    h.last().drop();
    h.session.local(new Delta().retain(1).insert('b')); // typed while offline: buffered
    h.clock.next();
    h.last().open();
    assert.deepEqual(h.last().sent.map((m) => m.type), ['hello']);
    h.last().receive(welcome(1, { ops: [{ version: 1, clientId: 'other', seq: 9, delta: { ops: [{ insert: 'X' }] } }] }));
    const ops = h.last().sent.filter((m) => m.type === 'op');
    assert.deepEqual(ops, [{ type: 'op', seq: 1, baseVersion: 0, delta: { ops: [{ insert: 'a' }] } }]);
    assert.deepEqual(h.applied, [[{ insert: 'X' }]]);
    h.last().receive({ type: 'ack', seq: 1, version: 2 });
    assert.deepEqual(h.last().sent.filter((m) => m.type === 'op').map((m) => [m.seq, m.baseVersion]), [[1, 0], [2, 2]]);
  });

  test('an own op in the resume welcome counts as the ack: nothing is resent', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    h.session.local(new Delta().insert('a'));
    h.last().drop();
    h.clock.next();
    h.last().open();
    h.last().receive(welcome(1, { ops: [{ version: 1, clientId: 'me', seq: 1, delta: { ops: [{ insert: 'a' }] } }] }));
    assert.deepEqual(h.last().sent.map((m) => m.type), ['hello']);
    assert.ok(h.session.settled);
  });

  for (const code of [1008, 1009, 4400, 4409, 4410]) {
    test(`close code ${code} stops reconnecting`, () => {
      const h = harness();
      h.connection.start();
      h.last().open();
      h.last().drop(code);
      assert.equal(h.connection.status, Status.CLOSED);
      assert.equal(h.clock.tasks.size, 0);
    });
  }

  for (const code of [1001, 1006, 1011, 4008]) {
    test(`close code ${code} reconnects`, () => {
      const h = harness();
      h.connection.start();
      h.last().open();
      h.last().drop(code);
      assert.equal(h.connection.status, Status.OFFLINE);
      assert.equal(h.clock.tasks.size, 1);
    });
  }

  test('browser offline: drop now, keep retrying on backoff; online: retry at once', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    h.connection.offline();
    assert.equal(h.connection.status, Status.OFFLINE);
    assert.equal(h.clock.tasks.size, 1, 'a retry is scheduled');
    h.connection.online();
    assert.equal(h.clock.tasks.size, 1, 'the scheduled retry is replaced by an immediate one (its handshake timer waits)');
    assert.equal(h.sockets.length, 2);
    assert.equal(h.connection.status, Status.CONNECTING);
  });

  test('a silent socket is replaced; a live one is pinged', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    h.clock.next(); // heartbeat at 4 s
    assert.deepEqual(h.last().sent.at(-1), { type: 'ping' });
    h.clock.next(); // 8 s
    assert.equal(h.connection.status, Status.ONLINE);
    h.clock.next(); // 12 s: nothing heard since 0, two pings unanswered → dropped
    assert.equal(h.clock.t, 12000, 'noticed within seconds');
    assert.equal(h.connection.status, Status.OFFLINE);
  });

  test('a pong keeps the socket: silence counts from the last frame', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    for (let i = 0; i < 10; i++) {
      h.clock.next();
      h.last().receive({ type: 'pong' });
    }
    assert.equal(h.connection.status, Status.ONLINE);
    assert.equal(h.sockets.length, 1);
  });

  test('a connect attempt that is never answered is given up after the handshake timeout, then retried', () => {
    const h = harness();
    h.connection.start();
    assert.equal(h.clock.next(), 10000, 'the socket never opened: given up after 10 s');
    assert.equal(h.connection.status, Status.OFFLINE);
    h.clock.next(); // the retry
    assert.equal(h.sockets.length, 2);
    const openedAt = h.clock.t;
    h.last().open(); // opened, hello sent, no welcome
    while (h.connection.status !== Status.OFFLINE) h.clock.next();
    assert.equal(h.clock.t - openedAt, 10000, 'no welcome: dropped at the handshake timeout');
  });

  test('retry now: an attempt hanging in its handshake is replaced at once, and so is a wait for the next retry', () => {
    const h = harness();
    h.connection.start();
    h.connection.retryNow();
    assert.equal(h.sockets.length, 2, 'a new socket at once');
    assert.equal(h.sockets[0].readyState, 3, 'the hanging one is closed');
    h.clock.next(); // its handshake timeout
    h.connection.retryNow();
    assert.equal(h.sockets.length, 3, 'no wait for the backoff');
    h.last().open();
    h.last().receive(welcome(0, { content: { ops: [{ insert: '\n' }] } }));
    h.connection.retryNow();
    assert.equal(h.sockets.length, 3, 'nothing to do while joined');
  });

  test('stop closes for good', () => {
    const h = harness();
    h.connection.start();
    h.last().open();
    h.connection.stop();
    assert.equal(h.connection.status, Status.CLOSED);
    assert.equal(h.clock.tasks.size, 0);
  });
});
