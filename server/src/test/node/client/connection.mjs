// A Node client of Quire's WebSocket protocol (docs/protocol.md) over `ws` that sends `ops`
// batches: the wire adapter around the pure state machine in ot-client.mjs. The web client never
// batches (web-session.mjs runs it for the composing clients); this one covers the `ops` message
// across languages. It also holds the document, as the editor would.
//
// Rules, as in the Java reference:
// - hello with protocol 2; the first welcome names our clientId and gives the secret that proves
//   it, which every later hello presents (with the last version seen), so the server resumes us
//   under the same identity and sends only the ops missed;
// - a welcome with content resets the document; a welcome with ops feeds them in order to the
//   state machine (our own clientId counts as the ack of that seq), then the in-flight op is sent
//   again with the same seq;
// - ops are sent only while joined; an op made while disconnected (or before the welcome) waits
//   in the state machine and goes out after the next welcome;
// - every local edit stays its own op: what is in flight goes out as one `ops` message, resent
//   whole with the same seqs after a resume.
//
// Not a production client: there is no automatic reconnect (the driver decides when), and any
// error frame or close the client did not ask for is recorded as a failure, since in the tests
// none should happen.
import Delta from 'quill-delta';
import WebSocket from 'ws';
import { hasPending, initialState, step } from './ot-client.mjs';

export const PROTOCOL = 2;

export class QuireConnection {
  #url;
  #label;
  #clientId = null; // the server's to give, in the first welcome
  #secret = null; // proves #clientId: presented to resume under it
  #name;
  #ot;
  #content = new Delta();
  #socket = null;
  #joined = false; // welcome received on the current socket
  #everJoined = false;
  #waiters = [];

  /** Failures seen: error frames and closes not asked for, as strings. */
  failures = [];

  /** What went on the wire: `op` messages, `ops` messages, and the most ops one `ops` message carried. */
  sent = { op: 0, ops: 0, largestBatch: 0 };

  /**
   * @param {string} serverUrl e.g. "ws://127.0.0.1:8080" (http:// is accepted too)
   * @param {string} documentId
   * @param {string} label names this client in names and failures (the server gives its client id)
   */
  constructor(serverUrl, documentId, label, { name = `Node ${label}` } = {}) {
    const base = serverUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
    this.#url = `${base}/ws/documents/${encodeURIComponent(documentId)}`;
    this.#label = label;
    this.#name = name;
    this.#ot = initialState(null);
  }

  /** The client id the server gave us (null before the first welcome). */
  get clientId() {
    return this.#clientId;
  }

  get label() {
    return this.#label;
  }

  get batching() {
    return true;
  }

  get content() {
    return this.#content;
  }

  get version() {
    return this.#ot.version;
  }

  get hasPending() {
    return hasPending(this.#ot);
  }

  get isOpen() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Opens a socket, sends hello (resuming after the first join) and resolves once the welcome is processed. */
  async join() {
    if (this.#socket !== null) {
      throw new Error(`${this.#label}: already connected`);
    }
    const socket = new WebSocket(this.#url, { perMessageDeflate: false });
    this.#socket = socket;
    this.#joined = false;
    socket.on('message', (data, isBinary) => {
      if (socket === this.#socket) {
        this.#onMessage(isBinary ? null : data.toString('utf8'));
      }
    });
    socket.on('close', (code, reason) => {
      if (socket === this.#socket) {
        this.failures.push(`${this.#label}: closed by the server: ${code} ${reason.toString('utf8')}`);
        this.#socket = null;
        this.#joined = false;
        this.#notify();
      }
    });
    socket.on('error', (error) => {
      if (socket === this.#socket) {
        this.failures.push(`${this.#label}: socket error: ${error.message}`);
      }
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const hello = { type: 'hello', protocol: PROTOCOL, name: this.#name };
    if (this.#secret !== null) {
      hello.clientSecret = this.#secret;
    }
    if (this.#everJoined) {
      hello.version = this.#ot.version;
    }
    socket.send(JSON.stringify(hello));
    await this.waitFor(() => this.#joined || this.failures.length > 0, 'welcome');
    return this;
  }

  /** Drops the connection abruptly (no close handshake, as a network failure would) and resolves once it is gone. */
  async disconnect() {
    const socket = this.#socket;
    if (socket === null) {
      return;
    }
    this.#socket = null; // from here on, nothing from this socket counts
    this.#joined = false;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.terminate();
    await closed;
  }

  /** Closes the connection normally. */
  async close() {
    const socket = this.#socket;
    if (socket === null) {
      return;
    }
    this.#socket = null;
    this.#joined = false;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close(1000, 'done');
    await closed;
  }

  /** A local edit computed from the content at that moment, as a user typing would make it. */
  edit(makeChange) {
    const change = makeChange(this.#content);
    this.#content = this.#content.compose(change);
    this.#run({ type: 'applyClient', delta: change });
    return change;
  }

  /** Resolves when `condition()` holds (checked after every message), rejects after `timeoutMs`. */
  waitFor(condition, what, timeoutMs = 30_000) {
    if (condition()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = { condition, resolve };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.#label}: no ${what} within ${timeoutMs} ms (version ${this.version}, `
          + `${this.#ot.name}, failures ${JSON.stringify(this.failures)})`));
      }, timeoutMs);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(waiter);
    });
  }

  #notify() {
    const ready = this.#waiters.filter((w) => w.condition());
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
  }

  #onMessage(text) {
    let message;
    try {
      message = text === null ? null : JSON.parse(text);
    } catch {
      message = null;
    }
    if (message === null || typeof message !== 'object') {
      this.failures.push(`${this.#label}: undecodable frame ${JSON.stringify(text)}`);
      this.#notify();
      return;
    }
    try {
      this.#dispatch(message, text);
    } catch (error) {
      this.failures.push(`${this.#label}: cannot process ${text}: ${error.stack}`);
    }
    this.#notify();
  }

  #dispatch(message, text) {
    switch (message.type) {
      case 'welcome':
        this.#onWelcome(message);
        break;
      case 'ack':
        this.#run({ type: 'serverAck', seq: message.seq, version: message.version });
        break;
      case 'op':
        this.#onServerOp(message);
        break;
      case 'error':
        this.failures.push(`${this.#label}: error frame ${text}`);
        break;
      default:
        break; // presence, leave, pong: nothing to do for the document
    }
  }

  #onWelcome(welcome) {
    if (welcome.protocol !== PROTOCOL) {
      this.failures.push(`${this.#label}: welcome for protocol ${welcome.protocol}`);
    }
    if (this.#clientId !== null && welcome.clientId !== this.#clientId) {
      this.failures.push(`${this.#label}: resumed as ${welcome.clientId}, not as ${this.#clientId}`);
    }
    this.#clientId = welcome.clientId;
    this.#secret = welcome.clientSecret ?? this.#secret;
    this.#run({ type: 'identify', clientId: welcome.clientId });
    if (welcome.content !== undefined) {
      this.#run({ type: 'reset', version: welcome.version });
      this.#content = new Delta(welcome.content.ops);
    } else {
      welcome.ops.forEach((op) => this.#onServerOp(op));
    }
    this.#joined = true;
    this.#everJoined = true;
    this.#run({ type: 'serverReconnect' });
  }

  #onServerOp(op) {
    this.#run({ type: 'applyServer', version: op.version, clientId: op.clientId, seq: op.seq, delta: op.delta });
  }

  #run(event) {
    const { state, send, apply } = step(this.#ot, event);
    this.#ot = state;
    if (apply) {
      this.#content = this.#content.compose(apply);
    }
    if (send && this.#joined && this.isOpen) {
      const message = { type: 'ops', baseVersion: send.baseVersion, ops: send.ops.map(({ seq, delta }) => ({ seq, delta })) };
      this.#socket.send(JSON.stringify(message));
      this.sent.ops++;
      this.sent.largestBatch = Math.max(this.sent.largestBatch, message.ops.length);
    }
  }
}
