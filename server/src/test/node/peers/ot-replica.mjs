// A writer's copy of a document under operational transformation with one message in flight
// (the ot.js client model, which Quire's and ShareDB's clients both follow): local edits are
// applied at once and composed into a buffer while a message awaits its ack; an op from the
// server is transformed past the in-flight op and the buffer, the server's op winning ties, as
// both servers order them.
import Delta from 'quill-delta';

export class OtReplica {
  doc;
  version;
  inflight = null;
  buffer = null;

  constructor(content, version) {
    this.doc = new Delta(content);
    this.version = version;
  }

  get length() {
    return this.doc.length();
  }

  get idle() {
    return this.inflight === null && this.buffer === null;
  }

  /** Applies a local edit; returns the delta to send now, or null when it waits in the buffer. */
  local(delta) {
    this.doc = this.doc.compose(delta);
    if (this.inflight === null) {
      this.inflight = delta;
      return delta;
    }
    this.buffer = this.buffer === null ? delta : this.buffer.compose(delta);
    return null;
  }

  /** Applies an op another client committed. */
  remote(delta) {
    let incoming = new Delta(delta);
    if (this.inflight !== null) {
      const past = this.inflight.transform(incoming, false);
      this.inflight = incoming.transform(this.inflight, true);
      incoming = past;
      if (this.buffer !== null) {
        const pastBuffer = this.buffer.transform(incoming, false);
        this.buffer = incoming.transform(this.buffer, true);
        incoming = pastBuffer;
      }
    }
    this.doc = this.doc.compose(incoming);
    this.version++;
  }

  /** The in-flight op is committed; returns the buffer, which goes out next (or null). */
  acked() {
    this.inflight = this.buffer;
    this.buffer = null;
    this.version++;
    return this.inflight;
  }
}

/** A document delta in one canonical form, for comparing replicas. */
export function canonical(ops) {
  return JSON.stringify(new Delta().compose(new Delta(ops)).ops);
}

/**
 * An observer's document from what it received, for the JSON protocols: the first payload is the
 * document it joined with, each later one a message whose `field` holds a committed delta.
 */
export function replayJsonDeltas(payloads, field) {
  let doc = new Delta(JSON.parse(payloads[0]));
  for (let i = 1; i < payloads.length; i++) {
    doc = doc.compose(new Delta(JSON.parse(payloads[i])[field]));
  }
  return canonical(doc);
}
