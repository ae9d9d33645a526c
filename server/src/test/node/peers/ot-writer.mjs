// The part of an OT client (Quire's or ShareDB's) that writes: makes the workload's edits on its
// replica, sends one message at a time and sends the buffer when the ack comes, telling the
// tracker when each message left and how many keystrokes it carried.
import Delta from 'quill-delta';
import { canonical } from './ot-replica.mjs';
import { ClientSocket } from './socket.mjs';
import { nextEdit } from './workload.mjs';

export class OtWriter {
  #replica;
  #tracker;
  #send; // (delta) → key of the message sent
  #inflight = null; // { sent, counted, keystrokes }
  #bufferKeystrokes = 0;

  constructor(replica, tracker, send) {
    this.#replica = replica;
    this.#tracker = tracker;
    this.#send = send;
  }

  get replica() {
    return this.#replica;
  }

  get idle() {
    return this.#replica.idle;
  }

  edit(random) {
    const ops = nextEdit(random, this.#replica.length);
    const now = this.#replica.local(new Delta(ops));
    if (now === null) {
      this.#bufferKeystrokes++;
    } else {
      this.#transmit(now, 1);
    }
  }

  remote(delta) {
    this.#replica.remote(delta);
  }

  acked() {
    const done = this.#inflight;
    this.#tracker.acked(done.sent, done.counted, done.keystrokes);
    const next = this.#replica.acked();
    this.#inflight = null;
    if (next !== null) {
      const keystrokes = this.#bufferKeystrokes;
      this.#bufferKeystrokes = 0;
      this.#transmit(next, keystrokes);
    }
  }

  #transmit(delta, keystrokes) {
    const sent = this.#tracker.now();
    const key = this.#send(delta);
    this.#inflight = { sent, counted: this.#tracker.sent(key, sent), keystrokes };
  }
}

/**
 * What Quire's and ShareDB's clients share: the connection, and an OtWriter once the document is
 * loaded (writers only; observers keep a log of what they receive).
 */
export class OtClient {
  connection = new ClientSocket();
  writer = null;
  log = [];

  get failures() {
    return this.connection.failures;
  }

  get idle() {
    return this.writer === null || this.writer.idle;
  }

  edit(random) {
    this.writer.edit(random);
  }

  /** A writer's document as it holds it now, canonical. */
  replica() {
    return canonical(this.writer.replica.doc);
  }

  close() {
    this.connection.close();
  }
}
