// The shipped web client's protocol conversation (web-client/src/net/session.js, on the OT state
// machine of web-client/src/ot/client.js) over a Node `ws` socket, for the cross-language
// convergence test: the code a browser runs, minus the editor and the reconnect policy. The driver
// (run-clients.mjs) decides when to drop and rejoin, as the network would; the document is held
// here, as the editor would hold it.
//
// Same surface as QuireConnection (connection.mjs), so the driver treats both alike. Any error
// frame, lost edit, desync or close the client did not ask for is recorded as a failure, since in
// the tests none should happen; a write budget's "retry later" is answered as the editor page
// answers it (resendDeferred after retryAfterMs).
import Delta from 'quill-delta';
import WebSocket from 'ws';
import { Session } from '../../../../../web-client/src/net/session.js';

export class WebSessionConnection {
  #url;
  #label;
  #session;
  #content = new Delta();
  #socket = null;
  #firstClientId = null;
  #waiters = [];

  /** Failures seen, as strings. */
  failures = [];

  /** What went on the wire: `op` messages and `ops` messages (the web client sends no batches). */
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
    const fail = (what) => (value) => this.failures.push(`${label}: ${what}: ${JSON.stringify(value)}`);
    this.#session = new Session({ name }, {
      send: (message) => this.#send(message),
      apply: (delta) => {
        this.#content = this.#content.compose(new Delta(delta.ops));
      },
      reset: (content) => {
        this.#content = new Delta(content.ops);
      },
      welcome: (message) => this.#checkIdentity(message),
      deferred: ({ seq, retryAfterMs }) => setTimeout(() => this.#session.resendDeferred(seq), retryAfterMs),
      lost: fail('local edits lost'),
      rejected: fail('op rejected'),
      error: fail('error frame'),
      desync: fail('desync'),
    });
  }

  get clientId() {
    return this.#session.clientId;
  }

  get label() {
    return this.#label;
  }

  get batching() {
    return false;
  }

  get content() {
    return this.#content;
  }

  get version() {
    return this.#session.state.version;
  }

  get hasPending() {
    return !this.#session.settled;
  }

  get isOpen() {
    return this.#socket !== null && this.#socket.readyState === WebSocket.OPEN;
  }

  /** Opens a socket; the session says hello (resuming after the first join); resolves once it has joined. */
  async join() {
    if (this.#socket !== null) {
      throw new Error(`${this.#label}: already connected`);
    }
    const socket = new WebSocket(this.#url, { perMessageDeflate: false });
    this.#socket = socket;
    socket.on('message', (data, isBinary) => {
      if (socket === this.#socket) {
        this.#onMessage(isBinary ? null : data.toString('utf8'));
      }
    });
    socket.on('close', (code, reason) => {
      if (socket === this.#socket) {
        this.failures.push(`${this.#label}: closed by the server: ${code} ${reason.toString('utf8')}`);
        this.#socket = null;
        this.#session.connectionClosed();
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
    this.#session.connectionOpened();
    await this.waitFor(() => this.#session.joined || this.failures.length > 0, 'welcome');
    return this;
  }

  /** Drops the connection abruptly (no close handshake, as a network failure would) and resolves once it is gone. */
  async disconnect() {
    const socket = this.#socket;
    if (socket === null) {
      return;
    }
    this.#socket = null; // from here on, nothing from this socket counts
    this.#session.connectionClosed();
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
    this.#session.connectionClosed();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close(1000, 'done');
    await closed;
  }

  /** A local edit computed from the content at that moment, as a user typing would make it. */
  edit(makeChange) {
    const change = makeChange(this.#content);
    this.#content = this.#content.compose(change);
    this.#session.local(change);
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
          + `${this.#session.state.name}, failures ${JSON.stringify(this.failures)})`));
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

  // The session sends hello before it has joined, everything else only once joined.
  #send(message) {
    if (!this.isOpen) {
      return;
    }
    this.#socket.send(JSON.stringify(message));
    if (message.type === 'op') {
      this.sent.op++;
    }
  }

  // The server gives the id once; every resume must keep it (the secret proves it).
  #checkIdentity(welcome) {
    if (this.#firstClientId === null) {
      this.#firstClientId = welcome.clientId;
    } else if (welcome.clientId !== this.#firstClientId) {
      this.failures.push(`${this.#label}: resumed as ${welcome.clientId}, not as ${this.#firstClientId}`);
    }
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
    } else {
      try {
        this.#session.receive(message);
      } catch (error) {
        this.failures.push(`${this.#label}: cannot process ${text}: ${error.stack}`);
      }
    }
    this.#notify();
  }
}
