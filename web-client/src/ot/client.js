// The OT client as a pure state machine (after ot.js's lib/client.js): (state, event) → outcome.
// No DOM, no socket, no clock. The editor binding feeds local edits in and applies what comes out;
// the connection feeds server messages in and sends what comes out.
//
// States (nouns):
//   unloaded            nothing received yet; the editor stays read-only
//   synchronized        every local edit is acknowledged
//   awaitingConfirm     one op in flight, waiting for its ack
//   awaitingWithBuffer  one op in flight, further local edits composed into one buffer
// Events (verbs): load, applyLocal, serverAck, serverOp, reconnect.
//
// The in-flight op is kept twice: `sent` is the wire op exactly as first sent (resent unchanged
// after a reconnect, so the server can recognise it by (clientId, seq)); `delta` is the same edit
// transformed over every server op seen since, i.e. in the coordinates of the current version.
//
// Tie-break (docs/protocol.md): an op the server has committed wins ties over ours, so
//
//                 remote
//          ·───────────────▶·
//          │                │
//    own   │                │ own' = remote.transform(own, true)
//          ▼                ▼
//          ·───────────────▶·
//            remote' = own.transform(remote, false)
//
// own' is what we still expect the server to commit; remote' is what the editor must apply.
//
// The state also keeps `base`, the document's content at `version` without our pending edits: a full-content
// welcome (a resume too far behind, a node behind us, a resync) is merged by diffing `base` against the new
// content and bringing the pending edits through that diff (docs/protocol.md, "Merging after a full welcome").

import Delta from 'quill-delta';
import { splitForWire } from './split.js';

export const State = Object.freeze({
  UNLOADED: 'unloaded',
  SYNCHRONIZED: 'synchronized',
  AWAITING_CONFIRM: 'awaitingConfirm',
  AWAITING_WITH_BUFFER: 'awaitingWithBuffer',
});

export const Event = Object.freeze({
  LOAD: 'load',
  APPLY_LOCAL: 'applyLocal',
  SERVER_ACK: 'serverAck',
  SERVER_OP: 'serverOp',
  RECONNECT: 'reconnect',
  REJECTED: 'rejected',
});

/** A message that cannot follow the current state: the client must resynchronise. */
export class OtStateError extends Error {
  constructor(message) {
    super(message);
    this.name = 'OtStateError';
  }
}

/** The state before the first welcome. */
export function initialState() {
  return freeze({ name: State.UNLOADED, version: -1, nextSeq: 1, base: new Delta() });
}

/**
 * Feeds one event to the machine. Never mutates `state`.
 *
 * @returns {{state, send?: {seq, baseVersion, delta}, apply?: Delta, reset?: Delta, lost?: Delta}}
 *   `send`: an op to put on the wire; `apply`: a delta for the editor (source 'api');
 *   `reset`: replace the editor's whole content (its pending edits included); `lost`: local edits that could not
 *   be kept (only those of an op the server refused).
 * @throws {OtStateError} when the event cannot happen in this state (a version gap, a foreign ack)
 */
export function step(state, event) {
  switch (event.type) {
    case Event.LOAD: return load(state, event);
    case Event.APPLY_LOCAL: return applyLocal(state, event);
    case Event.SERVER_ACK: return serverAck(state, event);
    case Event.SERVER_OP: return serverOp(state, event);
    case Event.RECONNECT: return reconnect(state);
    // The server refused the op in flight for good: the next load reports the pending edits instead of merging them.
    case Event.REJECTED: return { state: freeze({ ...state, rejected: true }) };
    default: throw new TypeError(`unknown event ${event.type}`);
  }
}

/** The local edits not yet acknowledged, in the current version's coordinates (empty when none). */
export function pendingDelta(state) {
  let pending = new Delta();
  if (state.inflight) pending = pending.compose(state.inflight.delta);
  if (state.buffer) pending = pending.compose(state.buffer);
  return pending;
}

/** Whether every local edit has been acknowledged (= is durable on the server). */
export function isSettled(state) {
  return state.name === State.SYNCHRONIZED;
}

// A full snapshot: the first welcome, a resume too far behind for the server to send ops, a node behind us, or a
// resync. Pending edits are merged: the change from our base to the snapshot is computed with diff and the pending
// edits are transformed through it (the snapshot's side wins ties, as a committed op does), then sent as new ops.
// `lastSeq` (the server's word on our highest committed seq) says whether the op in flight is in the snapshot's
// history already: then only the buffer is pending, based on base + in-flight op.
function load(state, { version, content, lastSeq }) {
  const snapshot = new Delta(content);
  // Seqs only grow: never below what the server has committed of ours (it refuses a seq that goes back).
  const nextSeq = Math.max(state.nextSeq, (lastSeq ?? 0) + 1);
  const synced = freeze({ name: State.SYNCHRONIZED, version, nextSeq, base: snapshot });
  if (state.name === State.UNLOADED || state.name === State.SYNCHRONIZED) return { state: synced, reset: snapshot };
  if (state.rejected) {
    // The server refused our in-flight op: it never will commit it, and the buffer was made on top of it.
    return { state: synced, reset: snapshot, lost: pendingDelta(state) };
  }
  const inflightCommitted = lastSeq != null && state.inflight.sent.seq <= lastSeq;
  const from = inflightCommitted ? state.base.compose(state.inflight.delta) : state.base;
  const pending = inflightCommitted ? (state.buffer ?? new Delta()) : pendingDelta(state);
  const rebased = bodyOf(from).diff(bodyOf(snapshot)).transform(pending, true);
  if (rebased.ops.length === 0) return { state: synced, reset: snapshot };
  const { state: next, send } = launch(synced, rebased);
  return { state: next, reset: snapshot.compose(rebased), send };
}

// A document without its final newline, which every document ends with and no edit may remove: diffed whole, two
// documents may have their last newlines matched differently, and an edit at the end of ours would be carried past
// the snapshot's final newline (found by the simulation with a small resume window).
function bodyOf(document) {
  return document.slice(0, Math.max(0, document.length() - 1));
}

// Puts a local change in flight from the synchronized state `state`: a change too large for one message goes out
// in pieces, the first in flight, the rest in the buffer (each piece leaves after the previous one's ack).
function launch(state, change) {
  const [first, rest] = splitForWire(change);
  const sent = freeze({ seq: state.nextSeq, baseVersion: state.version, delta: first });
  const inflight = freeze({ sent, delta: first });
  const next = rest
    ? { ...state, name: State.AWAITING_WITH_BUFFER, nextSeq: state.nextSeq + 1, inflight, buffer: rest }
    : { ...state, name: State.AWAITING_CONFIRM, nextSeq: state.nextSeq + 1, inflight };
  return { state: freeze(next), send: sent };
}

function applyLocal(state, { delta }) {
  const local = new Delta(delta);
  switch (state.name) {
    case State.SYNCHRONIZED:
      return launch(state, local);
    case State.AWAITING_CONFIRM:
      return { state: freeze({ ...state, name: State.AWAITING_WITH_BUFFER, buffer: local }) };
    case State.AWAITING_WITH_BUFFER:
      return { state: freeze({ ...state, buffer: state.buffer.compose(local) }) };
    default:
      throw new OtStateError(`local edit in state ${state.name}`);
  }
}

function serverAck(state, { seq, version }) {
  if (state.name !== State.UNLOADED && version <= state.version
      && (!state.inflight || seq < state.inflight.sent.seq)) {
    // An op of ours we have already (a duplicate ack: a resend answered twice, or a node that applied our op from
    // another node after we had its ack there): nothing to do.
    return { state };
  }
  if (!state.inflight || state.inflight.sent.seq !== seq) {
    throw new OtStateError(`ack of seq ${seq} in state ${state.name}`
      + (state.inflight ? ` (in flight: ${state.inflight.sent.seq})` : ''));
  }
  if (version !== state.version + 1) {
    throw new OtStateError(`ack at version ${version}, expected ${state.version + 1}`);
  }
  const acked = freeze({
    name: State.SYNCHRONIZED, version, nextSeq: state.nextSeq, base: state.base.compose(state.inflight.delta),
  });
  if (state.name === State.AWAITING_CONFIRM) return { state: acked };
  // The buffer becomes the new in-flight op, based on the version just acknowledged.
  return launch(acked, state.buffer);
}

function serverOp(state, { version, delta }) {
  if (state.name === State.UNLOADED) throw new OtStateError('op before the document was loaded');
  if (version <= state.version) return { state }; // already seen (idempotent)
  if (version !== state.version + 1) {
    throw new OtStateError(`op at version ${version}, expected ${state.version + 1}`);
  }
  const remote = new Delta(delta);
  const base = state.base.compose(remote);
  switch (state.name) {
    case State.SYNCHRONIZED:
      return { state: freeze({ ...state, version, base }), apply: remote };
    case State.AWAITING_CONFIRM: {
      const own = state.inflight.delta;
      return {
        state: freeze({ ...state, version, base, inflight: freeze({ ...state.inflight, delta: remote.transform(own, true) }) }),
        apply: own.transform(remote, false),
      };
    }
    case State.AWAITING_WITH_BUFFER: {
      const own = state.inflight.delta;
      const remoteAfterInflight = own.transform(remote, false);
      return {
        state: freeze({
          ...state,
          version,
          base,
          inflight: freeze({ ...state.inflight, delta: remote.transform(own, true) }),
          buffer: remoteAfterInflight.transform(state.buffer, true),
        }),
        apply: state.buffer.transform(remoteAfterInflight, false),
      };
    }
    default:
      throw new OtStateError(`op in state ${state.name}`);
  }
}

// After a resume welcome has been fed in: the in-flight op goes out again, unchanged. The server
// recognises it by (clientId, seq) if it had committed it and answers with the missed ack.
function reconnect(state) {
  if (!state.inflight) return { state };
  return { state, send: state.inflight.sent };
}

function freeze(object) {
  return Object.freeze(object);
}
