// The WebSocket every client opens, and waiting for a condition with a deadline.
import WebSocket from 'ws';

export function openSocket(url) {
  // No compression, and no UTF-8 check of text frames: the clients decode what they use themselves
  // (JSON.parse of a valid UTF-8 text), once per distinct message, and the check cost every frame.
  const socket = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves once `condition()` holds, checking every `everyMs`; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(condition, what, timeoutMs, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A client's one connection: text frames to `onMessage`, a close it did not ask for recorded in
 * `failures` (none should happen in a run).
 */
export class ClientSocket {
  #socket = null;
  #closing = false;
  failures = [];

  async open(url, onMessage) {
    this.#socket = await openSocket(url);
    this.#socket.on('message', (data) => onMessage(data));
    this.#socket.on('close', (code) => {
      if (!this.#closing) {
        this.failures.push(`closed by the server: ${code}`);
      }
    });
  }

  send(data) {
    this.#socket.send(data);
  }

  close() {
    this.#closing = true;
    this.#socket?.close();
  }
}
