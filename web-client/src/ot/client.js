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

import Delta from 'quill-delta';

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
  return freeze({ name: State.UNLOADED, version: -1, nextSeq: 1 });
}

/**
 * Feeds one event to the machine. Never mutates `state`.
 *
 * @returns {{state, send?: {seq, baseVersion, delta}, apply?: Delta, reset?: Delta, lost?: Delta}}
 *   `send`: an op to put on the wire; `apply`: a delta for the editor (source 'api');
 *   `reset`: replace the editor's whole content; `lost`: local edits that could not be kept.
 * @throws {OtStateError} when the event cannot happen in this state (a version gap, a foreign ack)
 */
export function step(state, event) {
  switch (event.type) {
    case Event.LOAD: return load(state, event);
    case Event.APPLY_LOCAL: return applyLocal(state, event);
    case Event.SERVER_ACK: return serverAck(state, event);
    case Event.SERVER_OP: return serverOp(state, event);
    case Event.RECONNECT: return reconnect(state);
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

// A full snapshot: the first welcome, or a resume too far behind for the server to send ops.
function load(state, { version, content }) {
  const next = freeze({ name: State.SYNCHRONIZED, version, nextSeq: state.nextSeq });
  const reset = new Delta(content);
  if (state.name === State.UNLOADED || state.name === State.SYNCHRONIZED) return { state: next, reset };
  // Unacknowledged edits against a version we can no longer relate to the snapshot: hand them
  // back so the page can tell the user, instead of applying them somewhere they do not belong.
  return { state: next, reset, lost: pendingDelta(state) };
}

function applyLocal(state, { delta }) {
  const local = new Delta(delta);
  switch (state.name) {
    case State.SYNCHRONIZED: {
      const sent = freeze({ seq: state.nextSeq, baseVersion: state.version, delta: local });
      return {
        state: freeze({
          name: State.AWAITING_CONFIRM, version: state.version, nextSeq: state.nextSeq + 1,
          inflight: freeze({ sent, delta: local }),
        }),
        send: sent,
      };
    }
    case State.AWAITING_CONFIRM:
      return { state: freeze({ ...state, name: State.AWAITING_WITH_BUFFER, buffer: local }) };
    case State.AWAITING_WITH_BUFFER:
      return { state: freeze({ ...state, buffer: state.buffer.compose(local) }) };
    default:
      throw new OtStateError(`local edit in state ${state.name}`);
  }
}

function serverAck(state, { seq, version }) {
  if (!state.inflight || state.inflight.sent.seq !== seq) {
    throw new OtStateError(`ack of seq ${seq} in state ${state.name}`
      + (state.inflight ? ` (in flight: ${state.inflight.sent.seq})` : ''));
  }
  if (version !== state.version + 1) {
    throw new OtStateError(`ack at version ${version}, expected ${state.version + 1}`);
  }
  if (state.name === State.AWAITING_CONFIRM) {
    return { state: freeze({ name: State.SYNCHRONIZED, version, nextSeq: state.nextSeq }) };
  }
  // The buffer becomes the new in-flight op, based on the version just acknowledged.
  const sent = freeze({ seq: state.nextSeq, baseVersion: version, delta: state.buffer });
  return {
    state: freeze({
      name: State.AWAITING_CONFIRM, version, nextSeq: state.nextSeq + 1,
      inflight: freeze({ sent, delta: state.buffer }),
    }),
    send: sent,
  };
}

function serverOp(state, { version, delta }) {
  if (state.name === State.UNLOADED) throw new OtStateError('op before the document was loaded');
  if (version <= state.version) return { state }; // already seen (idempotent)
  if (version !== state.version + 1) {
    throw new OtStateError(`op at version ${version}, expected ${state.version + 1}`);
  }
  const remote = new Delta(delta);
  switch (state.name) {
    case State.SYNCHRONIZED:
      return { state: freeze({ ...state, version }), apply: remote };
    case State.AWAITING_CONFIRM: {
      const own = state.inflight.delta;
      return {
        state: freeze({ ...state, version, inflight: freeze({ ...state.inflight, delta: remote.transform(own, true) }) }),
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
