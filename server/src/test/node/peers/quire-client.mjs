// A client of Quire's WebSocket protocol 2 (docs/protocol.md): hello → welcome (content, version,
// the clientId the server gives), then `op` messages one at a time, each acknowledged by `ack`;
// other clients' ops arrive as `op` broadcasts naming their clientId and seq.
import { OtReplica, replayJsonDeltas } from './ot-replica.mjs';
import { OtClient, OtWriter } from './ot-writer.mjs';
import { waitUntil } from './socket.mjs';

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
    await this.connection.open(this.#url, (data) => this.#onMessage(data.toString('utf8')));
    this.connection.send(JSON.stringify({ type: 'hello', protocol: 2, name: 'peer bench' }));
    await waitUntil(() => this.#clientId !== null || this.failures.length > 0, 'the welcome', 60_000);
  }

  #onMessage(text) {
    const message = JSON.parse(text);
    switch (message.type) {
      case 'welcome':
        this.#clientId = message.clientId;
        if (this.#isWriter) {
          const replica = new OtReplica(message.content, message.version);
          this.writer = new OtWriter(replica, this.#tracker, (delta) => this.#sendOp(delta));
        } else {
          this.log.push(this.#interner.id(JSON.stringify(message.content)));
        }
        break;
      case 'op':
        this.#tracker.delivered(`${message.clientId}:${message.seq}`);
        if (this.writer !== null) {
          this.writer.remote(message.delta);
        } else {
          this.log.push(this.#interner.id(text));
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

/** An observer's document from what it received: the welcome's content, then `op` broadcasts. */
export function replayQuire(payloads) {
  return replayJsonDeltas(payloads, 'delta');
}
