// The client half of Quire's OT as a pure state machine (the ot.js client model) that sends `ops`
// batches (docs/protocol.md), for the Node test client (connection.mjs). Every local edit stays its
// own op, which the shipped web client (web-client/src/ot/client.js) never does: it composes its
// edits into one op in flight, and the cross-language test runs it for that.
//
//   step(state, event) -> { state, send?, apply? }
//
// A state is a frozen value; step never mutates its input. `send` is a batch to put on the wire
// ({ baseVersion, ops: [{ seq, delta }, …] }; one op alone goes out as a batch of one too); `apply`
// is a remote change to apply to the local document. No socket, no document: the connection owns both.
//
// States (nouns):
//   synchronized        inflight [] and buffer []
//   awaitingConfirm     inflight [{seq, delta}, …] (1..MAX_BATCH ops, each on top of the one before)
//   awaitingWithBuffer  inflight as above, buffer [delta, …] (no seqs yet; given when they go out)
//
// Events (verbs):
//   { type: 'applyClient', delta }                         a local edit (already applied locally)
//   { type: 'serverAck', seq, version }                    ack of our ops up to seq
//   { type: 'applyServer', version, clientId, seq, delta } a committed op (broadcast or in a resume welcome)
//   { type: 'serverReconnect' }                            a resume welcome's ops were all processed
//   { type: 'reset', version }                             a welcome carrying the full content
//   { type: 'identify', clientId }                         the welcome named our client id (the server gives it)
//
// The ack of the batch's last seq confirms the whole batch, and up to MAX_BATCH buffered edits go
// out as the next batch (the rest stay buffered). An ack, or our own op seen in a resume welcome or
// a broadcast, naming a seq of the batch confirms the batch up to that seq (the server commits a
// batch atomically, so its other ops follow as ops of our own too); the last one counts as the ack.
//
// Tie-break: the server's committed op wins ties (at the same index its insert comes first), so
// against a remote op we transform our own ops with the remote op having priority and the remote
// op with ours not having it:
//
//                 remote
//          v  ----------->  v+1
//          |                 |
//    own op|                 | remote.transform(own op, true)   -> new own op
//          v                 v
//          *  ----------->   *
//            own op.transform(remote, false)  -> the remote op past it
//
// A remote op is transformed past each in-flight op and then each buffered op, ONE AT A TIME in
// order, as the server transforms a batch — never past their composition: quill-delta's compose
// and transform do not commute when inserts tie, so the composition could order tied inserts
// differently from the server.
import Delta from 'quill-delta';

export const SYNCHRONIZED = 'synchronized';
export const AWAITING_CONFIRM = 'awaitingConfirm';
export const AWAITING_WITH_BUFFER = 'awaitingWithBuffer';

/** The most ops one `ops` message may carry (docs/protocol.md); more buffered edits wait for the next batch. */
export const MAX_BATCH = 256;

/**
 * The state of a client that has not joined yet (version 0, nothing pending, no seq used).
 * `clientId` is null until the first welcome names it ('identify'); our own ops are recognised by it.
 */
export function initialState(clientId = null) {
  checkClientId(clientId, true);
  return state({ name: SYNCHRONIZED, clientId, version: 0, lastSeq: 0, inflight: list([]), buffer: list([]) });
}

function checkClientId(clientId, mayBeNull) {
  if (!(mayBeNull && clientId === null) && (typeof clientId !== 'string' || clientId.length === 0)) {
    throw new TypeError('clientId must be a non-empty string');
  }
}

export function step(current, event) {
  if (event.type === 'identify') {
    checkClientId(event.clientId, false);
    return { state: state({ ...current, clientId: event.clientId }) };
  }
  switch (event.type) {
    case 'applyClient':
      return applyClient(current, toDelta(event.delta));
    case 'serverAck':
      return confirm(current, event.seq, event.version);
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

function reset(current, version) {
  if (current.name !== SYNCHRONIZED) {
    throw new Error(`${current.clientId}: cannot reset to version ${version} with unacknowledged edits (${current.name})`);
  }
  return { state: state({ ...current, version }) };
}

function applyClient(current, delta) {
  if (current.name === SYNCHRONIZED) {
    return sendBatch(current, [delta]);
  }
  return { state: state({ ...current, name: AWAITING_WITH_BUFFER, buffer: list([...current.buffer, delta]) }) };
}

// Our ops up to `seq` are committed, the last of them as `version`. Anything else (a seq not in
// flight: a duplicate ack, or the ack of a resent batch already confirmed by its own ops) changes nothing.
function confirm(current, seq, version) {
  const index = current.inflight.findIndex((op) => op.seq === seq);
  if (index < 0) {
    return { state: current };
  }
  const inflight = current.inflight.slice(index + 1);
  if (inflight.length > 0) {
    return { state: state({ ...current, version, inflight: list(inflight) }) };
  }
  const confirmed = { ...current, version };
  if (current.buffer.length > 0) {
    return sendBatch(confirmed, current.buffer);
  }
  return { state: state({ ...confirmed, name: SYNCHRONIZED, inflight: list([]) }) };
}

function applyServer(current, op) {
  if (op.clientId === current.clientId && current.inflight.some((own) => own.seq === op.seq)) {
    return confirm(current, op.seq, op.version); // our own op, committed
  }
  let remote = toDelta(op.delta);
  const inflight = current.inflight.map(({ seq, delta }) => {
    const transformed = remote.transform(delta, true);
    remote = delta.transform(remote, false);
    return Object.freeze({ seq, delta: transformed });
  });
  const buffer = current.buffer.map((delta) => {
    const transformed = remote.transform(delta, true);
    remote = delta.transform(remote, false);
    return transformed;
  });
  return { state: state({ ...current, version: op.version, inflight: list(inflight), buffer: list(buffer) }), apply: remote };
}

// The in-flight batch goes out again with the same seqs, rebased onto the version the welcome
// brought us to; the buffer waits for its ack.
function serverReconnect(current) {
  if (current.name === SYNCHRONIZED) {
    return { state: current };
  }
  return { state: current, send: outgoingBatch(current.version, current.inflight) };
}

// Sends up to MAX_BATCH of `deltas` as the next batch, with the next seqs; the rest stay buffered.
function sendBatch(current, deltas) {
  const inflight = deltas.slice(0, MAX_BATCH).map((delta, i) => Object.freeze({ seq: current.lastSeq + 1 + i, delta }));
  const buffer = deltas.slice(MAX_BATCH);
  const next = state({
    ...current,
    name: buffer.length > 0 ? AWAITING_WITH_BUFFER : AWAITING_CONFIRM,
    lastSeq: inflight[inflight.length - 1].seq,
    inflight: list(inflight),
    buffer: list(buffer),
  });
  return { state: next, send: outgoingBatch(current.version, next.inflight) };
}

function outgoingBatch(baseVersion, ops) {
  return Object.freeze({ baseVersion, ops });
}

function list(items) {
  return Object.freeze(items);
}

function state(fields) {
  return Object.freeze(fields);
}

function toDelta(delta) {
  return delta instanceof Delta ? delta : new Delta(delta.ops ?? delta);
}
