// The client half of Quire's OT as a pure state machine (the ot.js client model), for the Node
// protocol client. It mirrors the Java reference, server/src/test/java/dev/quire/testkit/OtClient.java,
// rule for rule in the default mode (the Java reference has no batching mode); see docs/protocol.md.
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
//   { type: 'identify', clientId }                         the welcome named our client id (the server gives it)
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
//
// Batching mode (initialState(clientId, { batching: true })), for the `ops` message: every local
// edit stays its own op. The in-flight unit is a LIST of ops with consecutive seqs, sent as one
// batch; the buffer is a LIST of local edits, not composed. Same state names, same events:
//
//   synchronized        inflight [] and buffer []
//   awaitingConfirm     inflight [{seq, delta}, …] (1..MAX_BATCH ops, each on top of the one before)
//   awaitingWithBuffer  inflight as above, buffer [delta, …] (no seqs yet; given when they go out)
//
// `send` is then { baseVersion, ops: [{ seq, delta }, …] } (one op alone goes out as a batch of one
// too); in the default mode it stays { seq, baseVersion, delta }. The ack of the batch's last seq
// confirms the whole batch, and up to MAX_BATCH buffered edits go out as the next batch (the rest
// stay buffered). An ack, or our own op seen in a resume welcome or a broadcast, naming a seq of
// the batch confirms the batch up to that seq (the server commits a batch atomically, so its other
// ops follow as ops of our own too); the last one counts as the ack.
//
// A remote op is transformed past each in-flight op and then each buffered op, ONE AT A TIME in
// order, as the server transforms a batch — never past their composition: quill-delta's compose
// and transform do not commute when inserts tie, so the composition could order tied inserts
// differently from the server. Each step is the diamond above, remote having priority:
//
//   remote ──> past op 1 ──> past op 2 ──> … ──> applied here
//              op 1' = remote.transform(op 1, true), op 2' = remote'.transform(op 2, true), …
import Delta from 'quill-delta';

export const SYNCHRONIZED = 'synchronized';
export const AWAITING_CONFIRM = 'awaitingConfirm';
export const AWAITING_WITH_BUFFER = 'awaitingWithBuffer';

/** The most ops one `ops` message may carry (docs/protocol.md); more buffered edits wait for the next batch. */
export const MAX_BATCH = 256;

/**
 * The state of a client that has not joined yet (version 0, nothing pending, no seq used).
 * `clientId` is null until the first welcome names it ('identify'); our own ops are recognised by it.
 * With `batching`, local edits are not composed but sent as `ops` batches (see the header).
 */
export function initialState(clientId = null, { batching = false } = {}) {
  checkClientId(clientId, true);
  if (batching) {
    return state({ name: SYNCHRONIZED, batching: true, clientId, version: 0, lastSeq: 0, inflight: list([]), buffer: list([]) });
  }
  return state({ name: SYNCHRONIZED, clientId, version: 0, lastSeq: 0, inflight: null, inflightSeq: 0, buffer: null });
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
  if (current.batching) {
    return batchStep(current, event);
  }
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

// ---- batching mode -------------------------------------------------------------------------

function batchStep(current, event) {
  switch (event.type) {
    case 'applyClient':
      return batchApplyClient(current, toDelta(event.delta));
    case 'serverAck':
      return batchConfirm(current, event.seq, event.version);
    case 'applyServer':
      return batchApplyServer(current, event);
    case 'serverReconnect':
      return batchReconnect(current);
    case 'reset':
      return reset(current, event.version);
    default:
      throw new TypeError(`unknown event type ${JSON.stringify(event.type)}`);
  }
}

function batchApplyClient(current, delta) {
  if (current.name === SYNCHRONIZED) {
    return sendBatch(current, [delta]);
  }
  return { state: state({ ...current, name: AWAITING_WITH_BUFFER, buffer: list([...current.buffer, delta]) }) };
}

// Our ops up to `seq` are committed, the last of them as `version`. Anything else (a seq not in
// flight: a duplicate ack, or the ack of a resent batch already confirmed by its own ops) changes nothing.
function batchConfirm(current, seq, version) {
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

function batchApplyServer(current, op) {
  if (op.clientId === current.clientId && current.inflight.some((own) => own.seq === op.seq)) {
    return batchConfirm(current, op.seq, op.version); // our own op, committed
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
// brought us to; the buffer waits for its ack, as in the default mode.
function batchReconnect(current) {
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
