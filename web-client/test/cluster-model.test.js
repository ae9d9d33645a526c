// The two cases of issue 16 where a client meets a node behind it, against the model of a cluster: the web client's
// real Session must neither resynchronise nor lose what was typed, and end with the log's content.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Delta from 'quill-delta';
import { Session } from '../src/net/session.js';
import { ClusterModel } from '../test-support/cluster-model.js';

// A browser tab: an editor document, a Session, and a socket to one node at a time.
class Tab {
  constructor() {
    this.doc = new Delta();
    this.problems = [];
    this.session = new Session({ name: 'Ada' }, {
      send: (m) => this.node?.receive(this.connection, m),
      apply: (d) => { this.doc = this.doc.compose(d); },
      reset: (c) => { this.doc = this.doc.compose(this.doc.diff(new Delta(c))); },
      lost: (d) => this.problems.push(`lost ${JSON.stringify(d.ops)}`),
      desync: (r) => this.problems.push(`desync ${r}`),
      rejected: (e) => this.problems.push(`rejected ${e.code}`),
      error: (e) => this.problems.push(`error ${JSON.stringify(e)}`),
    });
  }

  connectTo(node) {
    this.node = node;
    this.connection = node.connect((m) => this.session.receive(m));
    this.session.connectionOpened();
  }

  /** The socket dies; what was sent on it and not handled is gone. */
  drop() {
    this.node.disconnect(this.connection);
    this.node = null;
    this.connection = null;
    this.session.connectionClosed();
  }

  type(text, at) {
    const change = new Delta().retain(at).insert(text);
    this.doc = this.doc.compose(change);
    this.session.local(change);
  }
}

// Two nodes; Ada and Grace on A, where Grace's g is committed: Ada has version 1, B has not heard of it.
function gOnNodeA() {
  const cluster = new ClusterModel();
  const a = cluster.node();
  const b = cluster.node();
  const ada = new Tab();
  const grace = new Tab();
  ada.connectTo(a);
  grace.connectTo(a);
  grace.type('g', 0);
  return { cluster, a, b, ada };
}

describe('a client meets a node behind it', () => {
  test('acknowledged on node A, moved to node B still behind that op: B sends the op, the client applies it', () => {
    const cluster = new ClusterModel();
    const a = cluster.node();
    const b = cluster.node();
    const ada = new Tab();
    ada.connectTo(a);
    ada.type('x', 0);
    assert.ok(ada.session.settled, 'acknowledged on A');
    ada.drop();

    ada.connectTo(b); // B has not heard of the op yet
    assert.equal(ada.session.state.version, 0, 'welcomed with B\'s content');
    ada.type('y', 0);
    b.catchUp(); // B applies Ada's op from A: Ada gets it as an op of her own
    assert.deepEqual(ada.problems, []);
    assert.ok(ada.session.settled);
    assert.deepEqual(ada.doc, cluster.content());
    assert.equal(cluster.content().ops[0].insert, 'xy\n', 'her y, made at B\'s version 0, after the x committed before');
  });

  test('with an edit in flight, welcomed by a node behind it: the edit is merged into that content, not lost', () => {
    const cluster = new ClusterModel();
    const a = cluster.node();
    const b = cluster.node();
    const ada = new Tab();
    ada.connectTo(a);
    ada.type('x', 0);
    ada.drop();
    ada.type('z', 1); // typed offline: in flight once she is back, never reached A

    ada.connectTo(b); // B is at version 0; Ada was at 1
    assert.deepEqual(ada.problems, []);
    b.catchUp();
    assert.deepEqual(ada.problems, []);
    assert.ok(ada.session.settled, 'the merged edit is acknowledged');
    assert.deepEqual(ada.doc, cluster.content());
    assert.equal(cluster.content().ops[0].insert, 'xz\n', 'her edit is where she typed it, once');
    assert.deepEqual(cluster.log.map((op) => op.seq), [1, 3], 'a new seq for the merged edit: seq 2 never goes out');
  });

  test('with an edit committed on A whose ack was lost, welcomed by a node behind it: applied once', () => {
    const { cluster, a, b, ada } = gOnNodeA();
    const deliver = ada.connection.deliver;
    ada.connection.deliver = (m) => { if (m.type !== 'ack') deliver(m); }; // A dies before the ack leaves
    ada.type('x', 1);
    ada.drop();
    ada.type('w', 2);

    ada.connectTo(b); // B is at 0, behind Ada: lastSeq 1 says her op in flight is committed, so only 'w' is merged
    b.catchUp(); // g, then her own x as an op
    assert.deepEqual(ada.problems, []);
    assert.ok(ada.session.settled);
    assert.deepEqual(ada.doc, cluster.content());
    assert.equal(cluster.content().ops[0].insert, 'gxw\n', 'x once, w after it');
    assert.deepEqual(cluster.log.map((op) => op.seq), [1, 1, 2]);
  });

  test('with an edit node A is still committing, welcomed by a node behind it: fenced there, merged once', () => {
    const { cluster, a, b, ada } = gOnNodeA();
    a.hold();
    ada.type('x', 1); // A is committing it when her connection drops
    ada.drop();

    ada.connectTo(b); // B is at 0, behind Ada: content; her x is not in the log, so B fences it and she merges it
    assert.ok(ada.session.settled, 'the merged x is acknowledged by B');
    a.release(); // A's late commit of seq 1: refused by the fence
    b.catchUp();
    assert.deepEqual(ada.problems, []);
    assert.deepEqual(ada.doc, cluster.content());
    assert.equal(cluster.content().ops[0].insert, 'gx\n', 'x once');
    assert.deepEqual(cluster.log.map((op) => op.seq), [1, 2], 'g, then her merged x under seq 2; seq 1 never');
  });
});
