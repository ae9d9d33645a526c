// A writer's copy of a document under operational transformation with one message in flight
// (the ot.js client model, which Quire's and ShareDB's clients both follow): local edits are
// applied at once and composed into a buffer while a message awaits its ack; an op from the
// server is transformed past the in-flight op and the buffer, the server's op winning ties, as
// both servers order them.
import Delta from 'quill-delta';

export class OtReplica {
  // The document is kept as the one it was last asked for plus the changes made since, in order:
  // composing each change into the whole document (quill-delta walks and clones every op before
  // the change) made ten writers' replicas the generator's largest cost. A writer needs only the
  // length to choose its next edit; the document itself is asked for at the end of a run.
  #folded;
  #changes = [];
  #length;
  version;
  inflight = null;
  buffer = null;

  constructor(content, version) {
    this.#folded = new Delta(content);
    this.#length = this.#folded.length();
    this.version = version;
  }

  get length() {
    return this.#length;
  }

  /** The document: every change so far composed into it. */
  get doc() {
    if (this.#changes.length > 0) {
      this.#folded = this.#folded.compose(composeAll(this.#changes));
      this.#changes = [];
    }
    return this.#folded;
  }

  get idle() {
    return this.inflight === null && this.buffer === null;
  }

  /** Applies a local edit; returns the delta to send now, or null when it waits in the buffer. */
  local(delta) {
    this.#apply(delta);
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
    this.#apply(incoming);
    this.version++;
  }

  /** The in-flight op is committed; returns the buffer, which goes out next (or null). */
  acked() {
    this.inflight = this.buffer;
    this.buffer = null;
    this.version++;
    return this.inflight;
  }

  #apply(delta) {
    this.#changes.push(delta);
    this.#length += delta.changeLength();
  }
}

/**
 * The composition of consecutive deltas, pairwise (composition is associative): small edits make
 * small intermediate deltas, so n edits cost about n log n op steps instead of n walks of the document.
 */
function composeAll(deltas) {
  let level = deltas;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? level[i].compose(level[i + 1]) : level[i]);
    }
    level = next;
  }
  return level[0];
}

/** A document delta in one canonical form, for comparing replicas. */
export function canonical(ops) {
  return JSON.stringify(new Delta().compose(new Delta(ops)).ops);
}

/**
 * An observer's document from what it received, for the JSON protocols: decoded messages, each
 * with `deltas`, the first the document it joined with, the later ones committed ops.
 */
export function replayDeltas(messages) {
  return canonical(composeAll(messages.flatMap((m) => m.deltas.map((d) => new Delta(d)))));
}
