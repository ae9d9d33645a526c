// The client half of Quire's OT as a pure state machine (the ot.js client model), for the Node
// protocol client. It mirrors the Java reference, server/src/test/java/dev/quire/testkit/OtClient.java,
// rule for rule; see docs/protocol.md.
//
//   step(state, event) -> { state, send?, apply? }
//
// A state is a frozen value; step never mutates its input. `send` is an op to put on the wire
// ({ seq, baseVersion, delta }); `apply` is a remote change to apply to the local document.
// No socket, no document: the connection (connection.mjs) owns both.
//
// States (nouns):
//   synchronized        nothing unacknowledged
//   awaitingConfirm     one op in flight
//   awaitingWithBuffer  one op in flight, later local edits composed into a buffer
//
// Events (verbs):
//   { type: 'applyClient', delta }                         a local edit (already applied locally)
//   { type: 'serverAck', seq, version }                    ack of our op
//   { type: 'applyServer', version, clientId, seq, delta } a committed op (broadcast or in a resume welcome)
//   { type: 'serverReconnect' }                            a resume welcome's ops were all processed
//   { type: 'reset', version }                             a welcome carrying the full content
//
// Tie-break: the server's committed op wins ties (at the same index its insert comes first), so
// against a remote op we transform our own ops with the remote op having priority and the remote
// op with ours not having it:
//
//                 remote
//          v  ----------->  v+1
//          |                 |
//  inflight|                 | remote.transform(inflight, true)   -> new inflight
//          v                 v
//          *  ----------->   *
//            inflight.transform(remote, false)  -> applied here (then against the buffer likewise)
import Delta from 'quill-delta';

export const SYNCHRONIZED = 'synchronized';
export const AWAITING_CONFIRM = 'awaitingConfirm';
export const AWAITING_WITH_BUFFER = 'awaitingWithBuffer';

/** The state of a client that has not joined yet (version 0, nothing pending, no seq used). */
export function initialState(clientId) {
  if (typeof clientId !== 'string' || clientId.length === 0) {
    throw new TypeError('clientId must be a non-empty string');
  }
  return state({ name: SYNCHRONIZED, clientId, version: 0, lastSeq: 0, inflight: null, inflightSeq: 0, buffer: null });
}

export function step(current, event) {
  switch (event.type) {
    case 'applyClient':
      return applyClient(current, toDelta(event.delta));
    case 'serverAck':
      return serverAck(current, event.seq, event.version);
    case 'applyServer':
      return applyServer(current, event);
    case 'serverReconnect':
      return serverReconnect(current);
    case 'reset':
      return reset(current, event.version);
    default:
      throw new TypeError(`unknown event type ${JSON.stringify(event.type)}`);
  }
}

export function hasPending(current) {
  return current.name !== SYNCHRONIZED;
}

function applyClient(current, delta) {
  if (current.name === SYNCHRONIZED) {
    return sendInflight(current, delta);
  }
  const buffer = current.buffer === null ? delta : current.buffer.compose(delta);
  return { state: state({ ...current, name: AWAITING_WITH_BUFFER, buffer }) };
}

function serverAck(current, seq, version) {
  if (current.name === SYNCHRONIZED || seq !== current.inflightSeq) {
    return { state: current }; // a duplicate ack for an op already confirmed (e.g. seen in a resume)
  }
  const confirmed = { ...current, version, inflight: null };
  if (current.name === AWAITING_WITH_BUFFER) {
    return sendInflight({ ...confirmed, buffer: null }, current.buffer);
  }
  return { state: state({ ...confirmed, name: SYNCHRONIZED }) };
}

function applyServer(current, op) {
  if (op.clientId === current.clientId && current.name !== SYNCHRONIZED && op.seq === current.inflightSeq) {
    return serverAck(current, op.seq, op.version); // our own op, committed: its ack
  }
  let remote = toDelta(op.delta);
  let { inflight, buffer } = current;
  if (inflight !== null) {
    const transformedInflight = remote.transform(inflight, true);
    remote = inflight.transform(remote, false);
    inflight = transformedInflight;
  }
  if (buffer !== null) {
    const transformedBuffer = remote.transform(buffer, true);
    remote = buffer.transform(remote, false);
    buffer = transformedBuffer;
  }
  return { state: state({ ...current, version: op.version, inflight, buffer }), apply: remote };
}

// The in-flight op goes out again with the same seq, rebased onto the version the welcome brought
// us to (the server answers a duplicate seq with the ack it missed and does not apply it twice).
function serverReconnect(current) {
  if (current.name === SYNCHRONIZED) {
    return { state: current };
  }
  return { state: current, send: outgoing(current.inflightSeq, current.version, current.inflight) };
}

function reset(current, version) {
  if (current.name !== SYNCHRONIZED) {
    throw new Error(`${current.clientId}: cannot reset to version ${version} with unacknowledged edits (${current.name})`);
  }
  return { state: state({ ...current, version }) };
}

function sendInflight(current, delta) {
  const seq = current.lastSeq + 1;
  const next = state({ ...current, name: AWAITING_CONFIRM, lastSeq: seq, inflight: delta, inflightSeq: seq, buffer: null });
  return { state: next, send: outgoing(seq, current.version, delta) };
}

function outgoing(seq, baseVersion, delta) {
  return Object.freeze({ seq, baseVersion, delta });
}

function state(fields) {
  return Object.freeze(fields);
}

function toDelta(delta) {
  return delta instanceof Delta ? delta : new Delta(delta.ops ?? delta);
}
