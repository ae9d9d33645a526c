// Every transition of the OT client state machine, table-driven: state × event → outcome.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Event, OtStateError, State, initialState, isSettled, pendingDelta, step } from '../src/ot/client.js';

const ins = (text, at = 0) => (at ? new Delta().retain(at) : new Delta()).insert(text);
const ops = (delta) => (delta ? delta.ops : undefined);

// Fixtures reached through the machine itself, so they are real states.
const synced = step(initialState(), { type: Event.LOAD, version: 3, content: { ops: [{ insert: 'abc\n' }] } }).state;
const confirming = step(synced, { type: Event.APPLY_LOCAL, delta: ins('X') }).state; // X at 0, seq 1
const buffering = step(confirming, { type: Event.APPLY_LOCAL, delta: ins('Y', 1) }).state; // XY…

const cases = [
  {
    name: 'unloaded + load → synchronized, editor reset',
    from: initialState(), event: { type: Event.LOAD, version: 3, content: { ops: [{ insert: 'abc\n' }] } },
    to: { name: State.SYNCHRONIZED, version: 3 }, reset: [{ insert: 'abc\n' }],
  },
  {
    name: 'synchronized + load → synchronized at the new version, nothing lost',
    from: synced, event: { type: Event.LOAD, version: 9, content: { ops: [{ insert: 'z\n' }] } },
    to: { name: State.SYNCHRONIZED, version: 9 }, reset: [{ insert: 'z\n' }],
  },
  {
    name: 'awaitingWithBuffer + load (in-flight op not committed) → pending edits merged and sent as a new op',
    from: buffering, event: { type: Event.LOAD, version: 20000, content: { ops: [{ insert: 'zabc\n' }] }, lastSeq: 0 },
    to: { name: State.AWAITING_CONFIRM, version: 20000, nextSeq: 3, inflightDelta: [{ retain: 1 }, { insert: 'XY' }] },
    reset: [{ insert: 'zXYabc\n' }],
    send: { seq: 2, baseVersion: 20000, delta: [{ retain: 1 }, { insert: 'XY' }] },
  },
  {
    name: 'awaitingWithBuffer + load (in-flight op committed) → only the buffer is merged, on top of it',
    from: buffering, event: { type: Event.LOAD, version: 20000, content: { ops: [{ insert: 'Xqabc\n' }] }, lastSeq: 1 },
    to: { name: State.AWAITING_CONFIRM, version: 20000, nextSeq: 3, inflightDelta: [{ retain: 2 }, { insert: 'Y' }] },
    reset: [{ insert: 'XqYabc\n' }],
    send: { seq: 2, baseVersion: 20000, delta: [{ retain: 2 }, { insert: 'Y' }] },
  },
  {
    name: 'awaitingWithBuffer + load after the server refused the op → synchronized, pending edits reported lost',
    from: step(buffering, { type: Event.REJECTED }).state,
    event: { type: Event.LOAD, version: 20000, content: { ops: [{ insert: 'z\n' }] } },
    to: { name: State.SYNCHRONIZED, version: 20000 }, reset: [{ insert: 'z\n' }], lost: [{ insert: 'XY' }],
  },
  {
    name: 'load from a node behind us (older version) → pending edits merged into its content',
    from: step(step(confirming, { type: Event.SERVER_OP, version: 4, delta: ins('r', 4) }).state,
      { type: Event.APPLY_LOCAL, delta: ins('Y', 1) }).state,
    event: { type: Event.LOAD, version: 3, content: { ops: [{ insert: 'abc\n' }] }, lastSeq: 0 },
    to: { name: State.AWAITING_CONFIRM, version: 3, nextSeq: 3 },
    reset: [{ insert: 'XYabc\n' }],
    send: { seq: 2, baseVersion: 3, delta: [{ insert: 'XY' }] },
  },
  {
    name: 'synchronized + a duplicate ack of an op acknowledged already → ignored',
    from: step(confirming, { type: Event.SERVER_ACK, seq: 1, version: 4 }).state,
    event: { type: Event.SERVER_ACK, seq: 1, version: 4 },
    to: { name: State.SYNCHRONIZED, version: 4 },
  },
  {
    name: 'synchronized + applyLocal of a change over the message limit → sent in pieces, the rest buffered',
    from: synced, event: { type: Event.APPLY_LOCAL, delta: ins('p'.repeat(600 * 1024)) },
    to: { name: State.AWAITING_WITH_BUFFER, version: 3, nextSeq: 2 },
    send: { seq: 1, baseVersion: 3, delta: [{ insert: 'p'.repeat(512 * 1024 - 16) }] },
  },
  {
    name: 'synchronized + applyLocal → awaitingConfirm, op sent against the current version',
    from: synced, event: { type: Event.APPLY_LOCAL, delta: ins('X') },
    to: { name: State.AWAITING_CONFIRM, version: 3, nextSeq: 2 },
    send: { seq: 1, baseVersion: 3, delta: [{ insert: 'X' }] },
  },
  {
    name: 'awaitingConfirm + applyLocal → awaitingWithBuffer, nothing sent',
    from: confirming, event: { type: Event.APPLY_LOCAL, delta: ins('Y', 1) },
    to: { name: State.AWAITING_WITH_BUFFER, buffer: [{ retain: 1 }, { insert: 'Y' }] },
  },
  {
    name: 'awaitingWithBuffer + applyLocal → the buffer composes',
    from: buffering, event: { type: Event.APPLY_LOCAL, delta: ins('Z', 2) },
    to: { name: State.AWAITING_WITH_BUFFER, buffer: [{ retain: 1 }, { insert: 'YZ' }] },
  },
  {
    name: 'awaitingConfirm + serverAck → synchronized at the ack version',
    from: confirming, event: { type: Event.SERVER_ACK, seq: 1, version: 4 },
    to: { name: State.SYNCHRONIZED, version: 4 },
  },
  {
    name: 'awaitingWithBuffer + serverAck → awaitingConfirm, the buffer goes out as the next seq',
    from: buffering, event: { type: Event.SERVER_ACK, seq: 1, version: 4 },
    to: { name: State.AWAITING_CONFIRM, version: 4, nextSeq: 3 },
    send: { seq: 2, baseVersion: 4, delta: [{ retain: 1 }, { insert: 'Y' }] },
  },
  {
    name: 'synchronized + serverOp → applied as is',
    from: synced, event: { type: Event.SERVER_OP, version: 4, delta: ins('r', 2) },
    to: { name: State.SYNCHRONIZED, version: 4 }, apply: [{ retain: 2 }, { insert: 'r' }],
  },
  {
    name: 'awaitingConfirm + serverOp at the same index → the committed op stays first',
    from: confirming, event: { type: Event.SERVER_OP, version: 4, delta: ins('r') },
    to: { name: State.AWAITING_CONFIRM, version: 4, inflightDelta: [{ retain: 1 }, { insert: 'X' }] },
    apply: [{ insert: 'r' }],
  },
  {
    name: 'awaitingConfirm + serverOp after our insert → shifted past it',
    from: confirming, event: { type: Event.SERVER_OP, version: 4, delta: ins('r', 2) },
    to: { name: State.AWAITING_CONFIRM, version: 4, inflightDelta: [{ insert: 'X' }] },
    apply: [{ retain: 3 }, { insert: 'r' }],
  },
  {
    name: 'awaitingWithBuffer + serverOp → in-flight and buffer transformed, remote shifted past both',
    from: buffering, event: { type: Event.SERVER_OP, version: 4, delta: ins('r', 3) },
    to: {
      name: State.AWAITING_WITH_BUFFER, version: 4,
      inflightDelta: [{ insert: 'X' }], buffer: [{ retain: 1 }, { insert: 'Y' }],
    },
    apply: [{ retain: 5 }, { insert: 'r' }],
  },
  {
    name: 'awaitingWithBuffer + serverOp deleting where we typed → both sides agree',
    from: buffering, event: { type: Event.SERVER_OP, version: 4, delta: new Delta().delete(2) },
    to: { name: State.AWAITING_WITH_BUFFER, version: 4, inflightDelta: [{ insert: 'X' }], buffer: [{ retain: 1 }, { insert: 'Y' }] },
    apply: [{ retain: 2 }, { delete: 2 }],
  },
  {
    name: 'any state + serverOp already seen → ignored',
    from: confirming, event: { type: Event.SERVER_OP, version: 3, delta: ins('old') },
    to: { name: State.AWAITING_CONFIRM, version: 3 },
  },
  {
    name: 'synchronized + reconnect → nothing to resend',
    from: synced, event: { type: Event.RECONNECT },
    to: { name: State.SYNCHRONIZED },
  },
  {
    name: 'awaitingConfirm + reconnect → the in-flight op is resent unchanged (same seq and base)',
    from: step(confirming, { type: Event.SERVER_OP, version: 4, delta: ins('r') }).state, event: { type: Event.RECONNECT },
    to: { name: State.AWAITING_CONFIRM, version: 4 },
    send: { seq: 1, baseVersion: 3, delta: [{ insert: 'X' }] },
  },
  {
    name: 'awaitingWithBuffer + reconnect → only the in-flight op is resent; the buffer waits',
    from: buffering, event: { type: Event.RECONNECT },
    to: { name: State.AWAITING_WITH_BUFFER },
    send: { seq: 1, baseVersion: 3, delta: [{ insert: 'X' }] },
  },
];

describe('OT client transitions', () => {
  for (const c of cases) {
    test(c.name, () => {
      const before = JSON.stringify(c.from);
      const outcome = step(c.from, c.event);
      assert.equal(JSON.stringify(c.from), before, 'the input state is never mutated');
      const s = outcome.state;
      assert.equal(s.name, c.to.name);
      if (c.to.version !== undefined) assert.equal(s.version, c.to.version);
      if (c.to.nextSeq !== undefined) assert.equal(s.nextSeq, c.to.nextSeq);
      if (c.to.buffer) assert.deepEqual(s.buffer.ops, c.to.buffer);
      if (c.to.inflightDelta) assert.deepEqual(s.inflight.delta.ops, c.to.inflightDelta);
      assert.deepEqual(ops(outcome.apply), c.apply);
      assert.deepEqual(ops(outcome.reset), c.reset);
      assert.deepEqual(ops(outcome.lost), c.lost);
      if (c.send) {
        assert.deepEqual({ ...outcome.send, delta: outcome.send.delta.ops }, c.send);
      } else {
        assert.equal(outcome.send, undefined);
      }
      assert.ok(Object.isFrozen(s), 'states are frozen');
    });
  }
});

describe('OT client refusals', () => {
  const refusals = [
    ['applyLocal before load', initialState(), { type: Event.APPLY_LOCAL, delta: ins('x') }],
    ['serverOp before load', initialState(), { type: Event.SERVER_OP, version: 1, delta: ins('x') }],
    ['serverAck while synchronized', synced, { type: Event.SERVER_ACK, seq: 1, version: 4 }],
    ['serverAck of another seq', confirming, { type: Event.SERVER_ACK, seq: 7, version: 4 }],
    ['serverAck skipping a version', confirming, { type: Event.SERVER_ACK, seq: 1, version: 6 }],
    ['serverOp skipping a version', synced, { type: Event.SERVER_OP, version: 5, delta: ins('x') }],
  ];
  for (const [name, from, event] of refusals) {
    test(`${name} → OtStateError`, () => assert.throws(() => step(from, event), OtStateError));
  }
  test('an unknown event is a programming error', () => assert.throws(() => step(synced, { type: 'nope' }), TypeError));
});

describe('OT client queries', () => {
  test('pendingDelta composes in-flight and buffer', () => {
    assert.deepEqual(pendingDelta(buffering).ops, [{ insert: 'XY' }]);
    assert.deepEqual(pendingDelta(synced).ops, []);
  });
  test('isSettled only when synchronized', () => {
    assert.equal(isSettled(synced), true);
    assert.equal(isSettled(confirming), false);
    assert.equal(isSettled(initialState()), false);
  });
});
