// Latency bookkeeping shared by the clients of one run: a writer records when each message left
// (and which edits it carries), the other clients report when they decoded it; an edit's fan-out
// is complete when the last other client has it.
import { performance } from 'node:perf_hooks';

export class Tracker {
  #recipients; // clients that must receive each edit: all but its writer
  #pending = new Map(); // key → { sent, got, counted }
  #window = false;
  ack = [];
  fanout = [];
  keystrokesAcked = 0;
  messagesSent = 0;

  constructor(recipients) {
    this.#recipients = recipients;
  }

  now() {
    return performance.now();
  }

  /** Whether edits sent from now on count (the measured window). */
  set window(on) {
    this.#window = on;
  }

  get window() {
    return this.#window;
  }

  /** A writer put a message carrying `key` on the wire at `sent`; returns whether it counts. */
  sent(key, sent) {
    this.#pending.set(key, { sent, got: 0, counted: this.#window });
    if (this.#window) {
      this.messagesSent++;
    }
    return this.#window;
  }

  /**
   * The writer got the ack of a message sent at `sent` carrying `keystrokes` keystrokes: its latency
   * counts if the message was sent in the window, its keystrokes if the ack came in it (the rate the
   * server achieved).
   */
  acked(sent, counted, keystrokes) {
    if (counted) {
      this.ack.push(this.now() - sent);
    }
    if (this.#window) {
      this.keystrokesAcked += keystrokes;
    }
  }

  /** One other client decoded the message carrying `key`; keys not sent by a writer (seeding) are ignored. */
  delivered(key) {
    const entry = this.#pending.get(key);
    if (entry === undefined) {
      return;
    }
    entry.got++;
    if (entry.got === this.#recipients) {
      this.#pending.delete(key);
      if (entry.counted) {
        this.fanout.push(this.now() - entry.sent);
      }
    }
  }

  /** Messages sent whose fan-out is not complete. */
  get undelivered() {
    return this.#pending.size;
  }

  /** The keys of messages whose fan-out is not complete, with how many clients have them. */
  undeliveredKeys() {
    return [...this.#pending].map(([key, entry]) => `${key} (${entry.got}/${this.#recipients})`);
  }

  /** Of those, the ones sent in the window. */
  get undeliveredInWindow() {
    let n = 0;
    for (const entry of this.#pending.values()) {
      if (entry.counted) {
        n++;
      }
    }
    return n;
  }
}
