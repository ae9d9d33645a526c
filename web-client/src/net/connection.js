// The WebSocket under a Session: connect, reconnect with backoff, heartbeat, close codes.
// Everything environmental (WebSocket class, timers, randomness) is injected, so this is tested
// under Node with fakes (test/connection.test.js).
//
// Exactly-once is the session's business (resend of the in-flight op with its seq after the
// resume welcome); this layer only guarantees that frames go out on a joined socket and that a
// dead socket is noticed and replaced.

import { FATAL_CLOSE_CODES, ClientType } from '../protocol.js';
import { backoffDelay } from './backoff.js';

export const Status = Object.freeze({
  CONNECTING: 'connecting', // socket opening or hello sent, no welcome yet
  ONLINE: 'online', // joined
  OFFLINE: 'offline', // waiting to retry
  CLOSED: 'closed', // given up: stop() or a close code after which retrying cannot help
});

// A network can die without a word (a hung proxy accepts and never answers): then no close event comes for minutes.
// So the client keeps its own clocks: a connect attempt that has not been welcomed within HANDSHAKE_MS is given up,
// and while joined an app-level ping goes out every HEARTBEAT_MS (browsers hide WebSocket ping frames); a socket that
// shows no frame at all for SILENCE_MS (two pings unanswered) is dropped, and the client reconnects.
export const Timing = Object.freeze({ HANDSHAKE_MS: 10000, HEARTBEAT_MS: 4000, SILENCE_MS: 9000 });

const browserTimers = Object.freeze({
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id),
  now: () => Date.now(),
});

export class Connection {
  /**
   * @param {object} options
   * @param {string} options.url ws(s)://host/ws/documents/{id}
   * @param {import('./session.js').Session} options.session
   * @param {(status: string, detail?: object) => void} [options.onStatus]
   * @param {Function} [options.WebSocket] the WebSocket class
   * @param {object} [options.timers] {setTimeout, clearTimeout, now}
   * @param {() => number} [options.random]
   * @param {object} [options.timing] {HANDSHAKE_MS, HEARTBEAT_MS, SILENCE_MS}, default {@link Timing}
   */
  constructor({ url, session, onStatus = () => {}, WebSocket = globalThis.WebSocket, timers = browserTimers, random = Math.random,
    timing = Timing }) {
    this.url = url;
    this.session = session;
    this.onStatus = onStatus;
    this.WebSocket = WebSocket;
    this.timers = timers;
    this.random = random;
    this.timing = timing;
    this.socket = null;
    this.handshakeTimer = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.heartbeatTimer = null;
    this.lastFrameAt = 0;
    this.status = null;
    this.closeInfo = null;
  }

  start() {
    this.#open();
  }

  /** Gives up for good (page left). */
  stop() {
    this.#setStatus(Status.CLOSED);
    this.#clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'leaving');
  }

  /** Sends a frame if the socket is open; frames to an absent socket are dropped (the session resends). */
  send(message) {
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  /**
   * The browser says it lost its network: drop the socket now rather than wait for it to time out.
   * Retries continue on the normal backoff (the browser's offline signal is not always right).
   */
  offline() {
    if (this.status === Status.CLOSED) return;
    this.#drop();
  }

  /** The browser is back online: retry at once, backoff reset. */
  online() {
    if (this.status === Status.CLOSED) return;
    this.attempt = 0;
    if (this.status === Status.OFFLINE) {
      this.timers.clearTimeout(this.retryTimer);
      this.#open();
    }
  }

  /**
   * The user asked ("Retry now"): while offline, or while an attempt is still waiting for its welcome, give that
   * up and connect again at once, backoff reset. Does nothing while joined or closed for good.
   */
  retryNow() {
    if (this.status === Status.CLOSED || this.status === Status.ONLINE) return;
    this.attempt = 0;
    this.#abandon();
    this.#open();
  }

  /** Drops the current socket and joins again (e.g. after a desync, or a name change). */
  restart() {
    if (this.status === Status.CLOSED) return;
    this.#drop(0);
  }

  #open() {
    this.retryTimer = null;
    this.#setStatus(Status.CONNECTING);
    let socket;
    try {
      socket = new this.WebSocket(this.url);
    } catch (e) {
      this.#scheduleRetry();
      return;
    }
    this.socket = socket;
    this.handshakeTimer = this.timers.setTimeout(() => {
      if (socket === this.socket && !this.session.joined) this.#drop();
    }, this.timing.HANDSHAKE_MS);
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.lastFrameAt = this.timers.now();
      this.session.connectionOpened();
      this.#heartbeat();
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.lastFrameAt = this.timers.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return; // not ours to fix; the server only sends JSON
      }
      const wasJoined = this.session.joined;
      this.session.receive(message);
      if (this.session.joined && !wasJoined) {
        this.attempt = 0;
        this.timers.clearTimeout(this.handshakeTimer);
        this.handshakeTimer = null;
        this.#setStatus(Status.ONLINE);
      }
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.#clearTimers();
      this.session.connectionClosed();
      if (FATAL_CLOSE_CODES.has(event.code)) {
        this.closeInfo = { code: event.code, reason: event.reason };
        this.#setStatus(Status.CLOSED, this.closeInfo);
        return;
      }
      this.#scheduleRetry();
    };
    socket.onerror = () => {}; // always followed by close
  }

  // Abandons the current socket (its late events are ignored) and schedules the next attempt.
  #drop(delayMs) {
    this.#abandon();
    this.#scheduleRetry(delayMs);
  }

  #abandon() {
    const socket = this.socket;
    this.socket = null;
    this.#clearTimers();
    if (socket) {
      try { socket.close(); } catch (e) { /* already closing */ }
      this.session.connectionClosed();
    }
  }

  #scheduleRetry(delayMs) {
    this.#setStatus(Status.OFFLINE);
    const delay = delayMs ?? backoffDelay(this.attempt++, this.random);
    this.retryTimer = this.timers.setTimeout(() => this.#open(), delay);
  }

  #heartbeat() {
    this.heartbeatTimer = this.timers.setTimeout(() => {
      if (!this.socket) return;
      if (this.timers.now() - this.lastFrameAt > this.timing.SILENCE_MS) {
        this.#drop();
        return;
      }
      if (this.session.joined) this.send({ type: ClientType.PING });
      this.#heartbeat();
    }, this.timing.HEARTBEAT_MS);
  }

  #clearTimers() {
    this.timers.clearTimeout(this.heartbeatTimer);
    this.timers.clearTimeout(this.retryTimer);
    this.timers.clearTimeout(this.handshakeTimer);
    this.heartbeatTimer = null;
    this.handshakeTimer = null;
    this.retryTimer = null;
  }

  #setStatus(status, detail) {
    if (this.status === status) return;
    this.status = status;
    this.onStatus(status, detail);
  }
}

