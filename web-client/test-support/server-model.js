// An in-memory model of the Quire server's collaboration semantics (docs/protocol.md), for the
// seeded simulation: identities issued in the welcome and resumed by their secret, commit-wins-ties
// transform from baseVersion, dedup by (clientId, seq) with seqs that must grow, resume with the
// ops since a version, acks to the author and broadcasts to everyone else.
import Delta from 'quill-delta';

export class ServerModel {
  /** @param {{resumeWindow?: number}} [options] how many versions a resume may span (the server's is 10,000) */
  constructor({ resumeWindow = Infinity } = {}) {
    this.resumeWindow = resumeWindow;
    this.content = new Delta().insert('\n');
    this.log = []; // {version, clientId, seq, delta}; log[i].version === i + 1
    this.committed = new Map(); // `${clientId}/${seq}` → version
    this.lastSeq = new Map(); // clientId → its highest committed seq
    this.identities = new Map(); // clientSecret → clientId (the real server hashes; a model may look up)
    this.connections = new Set();
  }

  get version() {
    return this.log.length;
  }

  /** A connection whose outgoing frames land in `deliver(message)`. */
  connect(deliver) {
    const connection = { deliver, clientId: null };
    this.connections.add(connection);
    return connection;
  }

  disconnect(connection) {
    this.connections.delete(connection);
  }

  receive(connection, message) {
    // Frames travel as JSON, as on the wire.
    const m = JSON.parse(JSON.stringify(message));
    if (m.type === 'hello') return this.#hello(connection, m);
    if (m.type === 'op') return this.#op(connection, m);
    if (m.type === 'presence') return undefined;
    throw new Error(`model does not handle ${m.type}`);
  }

  #hello(connection, { clientSecret, version }) {
    let issued = null;
    if (clientSecret == null) {
      issued = `qc_${this.identities.size + 1}`;
      this.identities.set(issued, `c-${this.identities.size + 1}`);
    }
    const clientId = this.identities.get(clientSecret ?? issued);
    if (clientId === undefined) throw new Error(`invalid_message: unknown secret ${clientSecret}`);
    for (const other of this.connections) {
      if (other !== connection && other.clientId === clientId) throw new Error(`session_replaced: ${clientId}`);
    }
    connection.clientId = clientId;
    const welcome = {
      type: 'welcome', protocol: 2, documentId: 'sim', title: 'Untitled', version: this.version, users: [], clientId,
      lastSeq: this.lastSeq.get(clientId) ?? 0,
    };
    if (issued) welcome.clientSecret = issued;
    if (version != null && version <= this.version && this.version - version <= this.resumeWindow) {
      welcome.ops = this.log.slice(version).map(copy);
    }
    else welcome.content = { ops: this.content.ops };
    connection.deliver(copy(welcome));
  }

  #op(connection, { seq, baseVersion, delta }) {
    const key = `${connection.clientId}/${seq}`;
    const last = this.lastSeq.get(connection.clientId) ?? 0;
    if (seq === last) {
      connection.deliver({ type: 'ack', seq, version: this.committed.get(key) });
      return;
    }
    if (seq < last) throw new Error(`invalid_seq from ${key}: not larger than ${last}`);
    if (baseVersion > this.version) throw new Error(`version_in_future: ${baseVersion} > ${this.version}`);
    let op = new Delta(delta.ops);
    for (const committed of this.log.slice(baseVersion)) {
      op = new Delta(committed.delta.ops).transform(op, true); // the committed op wins ties
    }
    const next = this.content.compose(op);
    if (!endsWithNewline(next) || next.length() !== this.content.length() + lengthChange(op)) {
      throw new Error(`invalid_delta from ${key}: ${JSON.stringify(op.ops)}`);
    }
    this.content = next;
    const entry = { version: this.version + 1, clientId: connection.clientId, seq, delta: { ops: op.ops } };
    this.log.push(entry);
    this.committed.set(key, entry.version);
    this.lastSeq.set(connection.clientId, seq);
    connection.deliver({ type: 'ack', seq, version: entry.version });
    for (const other of this.connections) {
      if (other !== connection && other.clientId) other.deliver({ type: 'op', ...copy(entry) });
    }
  }
}

function lengthChange(delta) {
  return delta.ops.reduce((n, op) => n + (op.insert != null ? Delta.Op.length(op) : 0) - (op.delete ?? 0), 0);
}

function endsWithNewline(delta) {
  const last = delta.ops[delta.ops.length - 1];
  return last && typeof last.insert === 'string' && last.insert.endsWith('\n');
}

function copy(value) {
  return JSON.parse(JSON.stringify(value));
}
