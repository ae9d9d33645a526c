// Observers keep what they received as a list of small numbers, one per distinct message, so a
// thousand replicas cost a thousand lists rather than a thousand documents kept up to date while
// the load runs; after the run each distinct list is replayed once into the document it gives.
export class Interner {
  #ids = new Map();
  #payloads = [];

  /** The number of this payload (a string), the same for every client that received it. */
  id(payload) {
    let id = this.#ids.get(payload);
    if (id === undefined) {
      id = this.#payloads.length;
      this.#ids.set(payload, id);
      this.#payloads.push(payload);
    }
    return id;
  }

  payload(id) {
    return this.#payloads[id];
  }
}

/**
 * The final document of every observer: `logs` are their lists of payload numbers, `replay` turns
 * a list of payloads into a canonical document; lists received identically are replayed once.
 */
export function replayAll(logs, interner, replay) {
  const byLog = new Map();
  return logs.map((log) => {
    const key = log.join(',');
    let result = byLog.get(key);
    if (result === undefined) {
      result = replay(log.map((id) => interner.payload(id)));
      byLog.set(key, result);
    }
    return result;
  });
}
