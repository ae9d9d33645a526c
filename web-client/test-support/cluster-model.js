// A model of Quire in cluster mode (docs/cluster.md), for the web client's tests of the cases where a node is behind
// the client: one shared op log (PostgreSQL, the truth) and nodes that apply it in order, each at its own version.
// A node commits by first applying what others committed (appendAfter), acknowledges only the ops sent on the
// connection, sends every other committed op - a moved client's own included - at its place, and welcomes with
// the content at its own version when the client asks to resume from a version it has not reached. A hello naming
// an op in flight that is not in the log fences it off (the client is then welcomed with the content), and a commit
// below a client's fence is dropped; a node may hold its commits back (`hold`, `release`) to race a join elsewhere.
import Delta from 'quill-delta';

export class ClusterModel {
  constructor() {
    this.log = []; // {version, clientId, seq, delta}; log[i].version === i + 1
    this.identities = new Map(); // clientSecret → clientId
    this.fences = new Map(); // clientId → its lowest acceptable seq
  }

  node() {
    return new NodeModel(this);
  }

  /** The content the log makes. */
  content() {
    return this.log.reduce((doc, op) => doc.compose(new Delta(op.delta.ops)), new Delta().insert('\n'));
  }

  lastSeq(clientId) {
    return this.log.filter((op) => op.clientId === clientId).reduce((max, op) => Math.max(max, op.seq), 0);
  }
}

class NodeModel {
  constructor(cluster) {
    this.cluster = cluster;
    this.version = 0;
    this.content = new Delta().insert('\n');
    this.connections = new Set();
    this.held = null; // commits held back, when holding
  }

  /** From now on, commits wait until `release`. */
  hold() {
    this.held = [];
  }

  /** Makes the commits held back, in order. */
  release() {
    const held = this.held ?? [];
    this.held = null;
    held.forEach((commit) => commit());
  }

  /** A connection whose frames land in `deliver(message)`; `sent` holds the seqs sent on it. */
  connect(deliver) {
    const connection = { deliver: (m) => deliver(JSON.parse(JSON.stringify(m))), clientId: null, sent: new Set() };
    this.connections.add(connection);
    return connection;
  }

  disconnect(connection) {
    this.connections.delete(connection);
  }

  /** Applies the committed ops up to `upTo` (the feed, a gap read or a head check), telling the sessions here. */
  catchUp(upTo = this.cluster.log.length) {
    while (this.version < upTo) {
      const op = this.cluster.log[this.version];
      this.content = this.content.compose(new Delta(op.delta.ops));
      this.version = op.version;
      for (const connection of this.connections) {
        if (!connection.clientId) continue;
        if (connection.clientId === op.clientId && connection.sent.has(op.seq)) {
          connection.deliver({ type: 'ack', seq: op.seq, version: op.version });
        } else {
          connection.deliver({ type: 'op', ...op });
        }
      }
    }
  }

  receive(connection, message) {
    const m = JSON.parse(JSON.stringify(message));
    if (m.type === 'hello') return this.#hello(connection, m);
    if (m.type === 'op') return this.#op(connection, m);
    if (m.type === 'presence' || m.type === 'ping') return undefined;
    throw new Error(`model does not handle ${m.type}`);
  }

  #hello(connection, { clientSecret, version, inFlightSeq }) {
    let issued = null;
    if (clientSecret == null) {
      issued = `qc_${this.cluster.identities.size + 1}`;
      this.cluster.identities.set(issued, `c-${this.cluster.identities.size + 1}`);
    }
    connection.clientId = this.cluster.identities.get(clientSecret ?? issued);
    const welcome = {
      type: 'welcome', protocol: 2, documentId: 'sim', title: 'Untitled', version: this.version, users: [],
      clientId: connection.clientId, lastSeq: this.cluster.lastSeq(connection.clientId),
    };
    if (issued) welcome.clientSecret = issued;
    const fenced = inFlightSeq != null && welcome.lastSeq < inFlightSeq;
    if (fenced) {
      this.cluster.fences.set(connection.clientId, Math.max(this.cluster.fences.get(connection.clientId) ?? 0, inFlightSeq + 1));
    }
    if (!fenced && version != null && version <= this.version) welcome.ops = this.cluster.log.slice(version, this.version);
    else welcome.content = { ops: this.content.ops };
    connection.deliver(welcome);
  }

  #op(connection, message) {
    connection.sent.add(message.seq);
    if (this.held) this.held.push(() => this.#commit(connection, message));
    else this.#commit(connection, message);
  }

  #commit(connection, { seq, baseVersion, delta }) {
    const committed = this.cluster.log.find((op) => op.clientId === connection.clientId && op.seq === seq);
    if (committed) {
      this.catchUp(committed.version); // acknowledged once this node has every op up to it
      return;
    }
    if (seq < (this.cluster.fences.get(connection.clientId) ?? 0)) return; // fenced off: dropped
    if (seq <= this.cluster.lastSeq(connection.clientId)) throw new Error(`invalid_seq ${seq}`);
    if (baseVersion > this.version) throw new Error(`version_in_future: ${baseVersion} > ${this.version}`);
    this.catchUp(); // appendAfter: what the others committed first
    let op = new Delta(delta.ops);
    for (const before of this.cluster.log.slice(baseVersion)) op = new Delta(before.delta.ops).transform(op, true);
    this.cluster.log.push({ version: this.cluster.log.length + 1, clientId: connection.clientId, seq, delta: { ops: op.ops } });
    this.catchUp();
  }
}
