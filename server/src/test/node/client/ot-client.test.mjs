// The client OT state machine, transition by transition (node --test), plus a seeded
// simulation of several clients against an in-memory server that follows docs/protocol.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Delta from 'quill-delta';
import {
  AWAITING_CONFIRM, AWAITING_WITH_BUFFER, SYNCHRONIZED, hasPending, initialState, step,
} from './ot-client.mjs';
import { randomEdit, seededRandom } from './random-edits.mjs';

const insert = (index, text) => new Delta().retain(index).insert(text);
const remoteOp = (version, delta, clientId = 'other', seq = 1) => ({ type: 'applyServer', version, clientId, seq, delta });

/** Runs events in order from the initial state at `version`, returning the last result. */
function run(events, version = 5) {
  let result = step(initialState('me'), { type: 'reset', version });
  for (const event of events) {
    result = step(result.state, event);
  }
  return result;
}

const inflightAt5 = [{ type: 'applyClient', delta: insert(0, 'a') }];
const bufferedAt5 = [...inflightAt5, { type: 'applyClient', delta: insert(1, 'b') }];

describe('initial state and reset', () => {
  it('starts synchronised at version 0 with no seq used', () => {
    const state = initialState('me');
    assert.equal(state.name, SYNCHRONIZED);
    assert.equal(state.version, 0);
    assert.equal(state.lastSeq, 0);
    assert.equal(hasPending(state), false);
  });

  it('rejects an empty clientId', () => {
    assert.throws(() => initialState(''), TypeError);
  });

  it('reset when synchronised moves to the welcome version', () => {
    assert.equal(run([], 42).state.version, 42);
  });

  it('reset with unacknowledged edits throws (the client must rebase or warn the user)', () => {
    assert.throws(() => step(run(inflightAt5).state, { type: 'reset', version: 9 }), /unacknowledged/);
    assert.throws(() => step(run(bufferedAt5).state, { type: 'reset', version: 9 }), /unacknowledged/);
  });

  it('an unknown event type throws', () => {
    assert.throws(() => step(initialState('me'), { type: 'nonsense' }), TypeError);
  });
});

describe('applyClient', () => {
  it('synchronised: sends the edit as seq 1 against the current version and awaits its ack', () => {
    const { state, send, apply } = run(inflightAt5);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.deepEqual(send, { seq: 1, baseVersion: 5, delta: insert(0, 'a') });
    assert.equal(apply, undefined);
    assert.equal(hasPending(state), true);
  });

  it('awaiting confirm: buffers the edit and sends nothing', () => {
    const { state, send } = run(bufferedAt5);
    assert.equal(state.name, AWAITING_WITH_BUFFER);
    assert.equal(send, undefined);
    assert.deepEqual(state.buffer, insert(1, 'b'));
    assert.deepEqual(state.inflight, insert(0, 'a'));
  });

  it('awaiting with buffer: composes the edit into the buffer', () => {
    const { state, send } = run([...bufferedAt5, { type: 'applyClient', delta: insert(2, 'c') }]);
    assert.equal(state.name, AWAITING_WITH_BUFFER);
    assert.equal(send, undefined);
    assert.deepEqual(state.buffer, insert(1, 'bc'));
  });

  it('accepts a delta in JSON form', () => {
    const { send } = run([{ type: 'applyClient', delta: { ops: [{ insert: 'x' }] } }]);
    assert.deepEqual(send.delta, new Delta().insert('x'));
  });
});

describe('serverAck', () => {
  it('awaiting confirm: the ack of the in-flight seq synchronises at the ack version', () => {
    const { state, send } = run([...inflightAt5, { type: 'serverAck', seq: 1, version: 9 }]);
    assert.equal(state.name, SYNCHRONIZED);
    assert.equal(state.version, 9);
    assert.equal(state.inflight, null);
    assert.equal(send, undefined);
  });

  it('awaiting with buffer: the ack sends the buffer as the next seq against the ack version', () => {
    const { state, send } = run([...bufferedAt5, { type: 'serverAck', seq: 1, version: 9 }]);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.deepEqual(send, { seq: 2, baseVersion: 9, delta: insert(1, 'b') });
    assert.equal(state.buffer, null);
    assert.equal(state.inflightSeq, 2);
  });

  it('synchronised: a duplicate ack changes nothing', () => {
    const before = run([...inflightAt5, { type: 'serverAck', seq: 1, version: 9 }]).state;
    const { state, send } = step(before, { type: 'serverAck', seq: 1, version: 9 });
    assert.equal(state, before);
    assert.equal(send, undefined);
  });

  it('awaiting: an ack for another seq changes nothing', () => {
    const before = run(bufferedAt5).state;
    const { state, send } = step(before, { type: 'serverAck', seq: 7, version: 9 });
    assert.equal(state, before);
    assert.equal(send, undefined);
  });

  it('seqs keep increasing across acks', () => {
    const { send } = run([...inflightAt5, { type: 'serverAck', seq: 1, version: 6 },
      { type: 'applyClient', delta: insert(0, 'z') }]);
    assert.deepEqual(send, { seq: 2, baseVersion: 6, delta: insert(0, 'z') });
  });
});

describe('applyServer', () => {
  it('synchronised: applies the remote op as it is and moves to its version', () => {
    const { state, apply, send } = run([remoteOp(6, insert(0, 'r'))]);
    assert.equal(state.name, SYNCHRONIZED);
    assert.equal(state.version, 6);
    assert.deepEqual(apply, insert(0, 'r'));
    assert.equal(send, undefined);
  });

  it('awaiting confirm: on a tie the remote insert goes first, in the in-flight op and in what is applied', () => {
    const { state, apply } = run([...inflightAt5, remoteOp(6, insert(0, 'r'))]);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.equal(state.version, 6);
    assert.deepEqual(state.inflight, insert(1, 'a')); // after the remote "r"
    assert.deepEqual(apply, insert(0, 'r')); // before our "a"
    const document = new Delta().insert('\n');
    const here = document.compose(insert(0, 'a')).compose(apply);
    const server = document.compose(insert(0, 'r')).compose(state.inflight);
    assert.deepEqual(here, server);
  });

  it('awaiting with buffer: transforms through the in-flight op and then the buffer', () => {
    // document "xy\n"; in flight: "a" at 0 -> "axy"; buffer: "b" at 3 -> "axyb"; remote: delete "x".
    const { state, apply } = run([...inflightAt5, { type: 'applyClient', delta: insert(3, 'b') },
      remoteOp(6, new Delta().delete(1))], 5);
    assert.equal(state.name, AWAITING_WITH_BUFFER);
    assert.deepEqual(state.inflight, insert(0, 'a'));
    assert.deepEqual(state.buffer, insert(2, 'b'));
    assert.deepEqual(apply, new Delta().retain(1).delete(1));
    const document = new Delta().insert('xy\n');
    const here = document.compose(insert(0, 'a')).compose(insert(3, 'b')).compose(apply);
    const server = document.compose(new Delta().delete(1)).compose(state.inflight).compose(state.buffer);
    assert.deepEqual(here, server);
    assert.deepEqual(here, new Delta().insert('ayb\n'));
  });

  it('a format against a concurrent format of ours: the server value wins', () => {
    const bold = new Delta().retain(2, { bold: true });
    const unbold = new Delta().retain(2, { bold: null });
    const { state, apply } = run([{ type: 'applyClient', delta: bold }, remoteOp(6, unbold)]);
    assert.deepEqual(apply, unbold);
    assert.deepEqual(state.inflight, new Delta());
  });

  it('our own op with the in-flight seq counts as its ack (awaiting confirm)', () => {
    const { state, apply } = run([...inflightAt5, remoteOp(6, insert(0, 'a'), 'me', 1)]);
    assert.equal(state.name, SYNCHRONIZED);
    assert.equal(state.version, 6);
    assert.equal(apply, undefined);
  });

  it('our own op with the in-flight seq counts as its ack (awaiting with buffer: the buffer goes out)', () => {
    const { state, send, apply } = run([...bufferedAt5, remoteOp(6, insert(0, 'a'), 'me', 1)]);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.deepEqual(send, { seq: 2, baseVersion: 6, delta: insert(1, 'b') });
    assert.equal(apply, undefined);
  });

  it('an op from another client with our seq number is not an ack', () => {
    const { state, apply } = run([...inflightAt5, remoteOp(6, insert(0, 'r'), 'other', 1)]);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.deepEqual(apply, insert(0, 'r'));
  });
});

describe('serverReconnect', () => {
  it('synchronised: sends nothing', () => {
    const before = run([]).state;
    const { state, send } = step(before, { type: 'serverReconnect' });
    assert.equal(state, before);
    assert.equal(send, undefined);
  });

  it('awaiting confirm: resends the in-flight op with the same seq, rebased onto the version reached', () => {
    const { state, send } = run([...inflightAt5, remoteOp(6, insert(0, 'r')), { type: 'serverReconnect' }]);
    assert.equal(state.name, AWAITING_CONFIRM);
    assert.deepEqual(send, { seq: 1, baseVersion: 6, delta: insert(1, 'a') });
  });

  it('awaiting with buffer: resends only the in-flight op; the buffer waits for its ack', () => {
    const { state, send } = run([...bufferedAt5, { type: 'serverReconnect' }]);
    assert.equal(state.name, AWAITING_WITH_BUFFER);
    assert.deepEqual(send, { seq: 1, baseVersion: 5, delta: insert(0, 'a') });
  });
});

describe('values', () => {
  it('step never changes the state it is given', () => {
    const before = run(bufferedAt5).state;
    const copy = JSON.parse(JSON.stringify(before));
    step(before, remoteOp(6, insert(0, 'r')));
    step(before, { type: 'serverAck', seq: 1, version: 6 });
    step(before, { type: 'applyClient', delta: insert(0, 'q') });
    assert.deepEqual(JSON.parse(JSON.stringify(before)), copy);
    assert.ok(Object.isFrozen(before));
  });
});

// Several clients and an in-memory server with random delivery: the server transforms each op
// against everything committed after its base (committed ops win ties), acks the author and
// broadcasts to the others; every client must end with the server's document.
describe('simulation', () => {
  for (const seed of ['1', '2', '3', '4', '5']) {
    it(`converges with random delivery (seed=${seed})`, () => {
      const random = seededRandom(seed);
      const server = { history: [], content: new Delta().insert('\n') };
      const clients = [0, 1, 2].map((i) => ({
        id: `c${i}`, state: initialState(`c${i}`), content: server.content, toServer: [], fromServer: [],
      }));
      const handle = (client, result) => {
        client.state = result.state;
        if (result.apply) {
          client.content = client.content.compose(result.apply);
        }
        if (result.send) {
          client.toServer.push(result.send);
        }
      };
      const receive = (client) => {
        const { seq, baseVersion, delta } = client.toServer.shift();
        let change = delta;
        for (const committed of server.history.slice(baseVersion)) {
          change = committed.delta.transform(change, true);
        }
        server.content = server.content.compose(change);
        const op = { version: server.history.length + 1, clientId: client.id, seq, delta: change };
        server.history.push(op);
        for (const other of clients) {
          other.fromServer.push(other === client ? { type: 'serverAck', seq, version: op.version } : { type: 'applyServer', ...op });
        }
      };
      for (let i = 0; i < 400; i++) {
        const client = clients[random.int(clients.length)];
        const roll = random.int(3);
        if (roll === 0) {
          const change = randomEdit(random, client.content.length());
          client.content = client.content.compose(change);
          handle(client, step(client.state, { type: 'applyClient', delta: change }));
        } else if (roll === 1 && client.toServer.length > 0) {
          receive(client);
        } else if (client.fromServer.length > 0) {
          handle(client, step(client.state, client.fromServer.shift()));
        }
      }
      while (clients.some((c) => c.toServer.length > 0 || c.fromServer.length > 0)) {
        for (const client of clients) {
          if (client.toServer.length > 0) {
            receive(client);
          }
          if (client.fromServer.length > 0) {
            handle(client, step(client.state, client.fromServer.shift()));
          }
        }
      }
      for (const client of clients) {
        assert.equal(client.state.name, SYNCHRONIZED, `seed=${seed} ${client.id}`);
        assert.equal(client.state.version, server.history.length, `seed=${seed} ${client.id}`);
        assert.deepEqual(client.content, server.content, `seed=${seed} ${client.id}`);
      }
    });
  }
});
