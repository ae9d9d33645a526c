// A client of Quire's WebSocket protocol (docs/protocol.md): hello → welcome (content, version,
// the clientId the server gives), then `op` messages one at a time, each acknowledged by `ack`;
// other clients' ops arrive as `op` broadcasts naming their clientId and seq, or several
// consecutive ones as one `ops` message (protocol 3).
import { OtReplica, replayDeltas } from './ot-replica.mjs';
import { OtClient, OtWriter } from './ot-writer.mjs';
import { waitUntil } from './socket.mjs';

/** The protocol version this client says in its hello. */
export const PROTOCOL = 3;

/**
 * A message from the server as the client uses it: `op` and `ops` both become `{ type: 'ops', ops }`
 * (each entry `{ version, clientId, seq, delta }`, in version order) with `keys`, the tracker's name
 * of each entry, and `deltas`, what an observer composes into its document.
 */
export function decodeServerMessage(text) {
  const message = JSON.parse(text);
  if (message.type === 'op' || message.type === 'ops') {
    const ops = message.type === 'op' ? [message] : message.ops;
    return { type: 'ops', ops, keys: ops.map((op) => `${op.clientId}:${op.seq}`), deltas: ops.map((op) => op.delta) };
  }
  if (message.type === 'welcome') {
    return { ...message, deltas: [message.content] };
  }
  return message;
}

export class QuireClient extends OtClient {
  #url;
  #tracker;
  #interner;
  #isWriter;
  #clientId = null;
  #seq = 0;

  constructor({ url, docId, writer, tracker, interner }) {
    super();
    this.#url = `${url.replace(/^http/, 'ws')}/ws/documents/${encodeURIComponent(docId)}`;
    this.#isWriter = writer;
    this.#tracker = tracker;
    this.#interner = interner;
  }

  async join() {
    await this.connection.open(this.#url, (data) => this.#onMessage(data));
    this.connection.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL, name: 'peer bench' }));
    await waitUntil(() => this.#clientId !== null || this.failures.length > 0, 'the welcome', 60_000);
  }

  #onMessage(data) {
    // Every observer receives the same broadcasts: each distinct message is decoded once, for all.
    const message = this.#isWriter
      ? decodeServerMessage(data.toString('utf8'))
      : this.#interner.intern(data.latin1Slice(), () => decodeServerMessage(data.toString('utf8')));
    switch (message.type) {
      case 'welcome':
        this.#clientId = message.clientId;
        if (this.#isWriter) {
          const replica = new OtReplica(message.content, message.version);
          this.writer = new OtWriter(replica, this.#tracker, (delta) => this.#sendOp(delta));
        } else {
          this.log.push(message.id);
        }
        break;
      case 'ops':
        for (const key of message.keys) {
          this.#tracker.delivered(key);
        }
        if (this.#isWriter) {
          for (const op of message.ops) {
            this.writer.remote(op.delta);
          }
        } else {
          this.log.push(message.id);
        }
        break;
      case 'ack':
        this.writer.acked();
        break;
      case 'error':
        this.failures.push(`error ${message.code}: ${message.message}`);
        break;
      default: // presence, leave, saved, title: not part of the measure
    }
  }

  #sendOp(delta) {
    const seq = ++this.#seq;
    const baseVersion = this.writer.replica.version;
    this.connection.send(JSON.stringify({ type: 'op', seq, baseVersion, delta }));
    return `${this.#clientId}:${seq}`;
  }
}

/** An observer's document from what it received: the welcome's content, then the ops of `op` and `ops`. */
export function replayQuire(messages) {
  return replayDeltas(messages);
}
