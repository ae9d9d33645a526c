// A client of ShareDB's wire protocol (sharedb 7, protocol 1.2) for one rich-text document:
// handshake `hs` (the answer names our src), subscribe `s` (the snapshot and its version), then
// `op` submissions one at a time; the ack is an `op` message with our src and seq and no op,
// others' ops come as `op` messages naming their src and seq.
import { OtReplica, replayDeltas } from './ot-replica.mjs';
import { OtClient, OtWriter } from './ot-writer.mjs';
import { waitUntil } from './socket.mjs';

export const COLLECTION = 'docs';

export class ShareDbClient extends OtClient {
  #url;
  #docId;
  #tracker;
  #interner;
  #isWriter;
  #src = null;
  #subscribed = false;
  #seq = 0;
  #version = 0; // an observer's, to drop the duplicates ShareDB may send around a subscribe

  constructor({ url, docId, writer, tracker, interner }) {
    super();
    this.#url = url.replace(/^http/, 'ws');
    this.#docId = docId;
    this.#isWriter = writer;
    this.#tracker = tracker;
    this.#interner = interner;
  }

  async join() {
    await this.connection.open(this.#url, (data) => this.#onMessage(data));
    this.connection.send(JSON.stringify({ a: 'hs', id: null }));
    await waitUntil(() => this.#src !== null || this.failures.length > 0, 'the handshake', 60_000);
    this.connection.send(JSON.stringify({ a: 's', c: COLLECTION, d: this.#docId }));
    await waitUntil(() => this.#subscribed || this.failures.length > 0, 'the subscription', 60_000);
  }

  #onMessage(data) {
    // Every observer receives the same broadcasts: each distinct message is decoded once, for all.
    const message = this.#isWriter
      ? decode(data.toString('utf8'))
      : this.#interner.intern(data.latin1Slice(), () => decode(data.toString('utf8')));
    if (message.error) {
      this.failures.push(`error ${message.error.code}: ${message.error.message}`);
      return;
    }
    switch (message.a) {
      case 'hs':
        this.#src = message.id;
        break;
      case 's':
        this.#subscribed = true;
        this.#version = message.data.v;
        if (this.#isWriter) {
          const replica = new OtReplica(message.data.data, message.data.v);
          this.writer = new OtWriter(replica, this.#tracker, (delta) => this.#submit(delta));
        } else {
          this.log.push(message.id);
        }
        break;
      case 'op':
        this.#onOp(message);
        break;
      default: // init (the legacy greeting), pp
    }
  }

  #onOp(message) {
    if (!('op' in message)) {
      if (message.src === this.#src) {
        this.writer.acked();
      }
      return;
    }
    const expected = this.writer === null ? this.#version : this.writer.replica.version;
    if (message.v < expected) {
      return; // already seen
    }
    if (message.v > expected) {
      this.failures.push(`op at version ${message.v}, expected ${expected}`);
      return;
    }
    this.#tracker.delivered(message.key);
    if (this.writer !== null) {
      this.writer.remote(message.op);
    } else {
      this.#version++;
      this.log.push(message.id);
    }
  }

  #submit(delta) {
    const seq = ++this.#seq;
    const v = this.writer.replica.version;
    this.connection.send(JSON.stringify({ a: 'op', c: COLLECTION, d: this.#docId, v, src: this.#src, seq, op: delta.ops }));
    return `${this.#src}:${seq}`;
  }
}

/**
 * A message from the server as the client uses it: an op others made gets `key`, the tracker's name
 * of it, and `deltas`, what an observer composes into its document (as does a subscribe's snapshot).
 */
function decode(text) {
  const message = JSON.parse(text);
  if (message.a === 'op' && 'op' in message) {
    return { ...message, key: `${message.src}:${message.seq}`, deltas: [message.op] };
  }
  if (message.a === 's' && message.data !== undefined) {
    return { ...message, deltas: [message.data.data] };
  }
  return message;
}

/** An observer's document from what it received: the subscribed snapshot, then `op` messages. */
export function replayShareDb(messages) {
  return replayDeltas(messages);
}
