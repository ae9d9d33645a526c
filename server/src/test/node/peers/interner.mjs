// Observers keep what they received as a list of small numbers, one per distinct message, so a
// thousand replicas cost a thousand lists rather than a thousand documents kept up to date while
// the load runs; after the run each distinct list is replayed once into the document it gives.
// A server sends the same bytes to every observer, so a message is decoded once, where it is
// first seen, and every other observer pays only for looking its bytes up.
export class Interner {
  #byKey = new Map();
  #values = [];

  /**
   * The decoded message whose bytes are `key` (a string, e.g. the frame as latin1): `decode()` the
   * first time, the same object after; its `id` is its number, the same for every client.
   */
  intern(key, decode) {
    let value = this.#byKey.get(key);
    if (value === undefined) {
      value = decode();
      value.id = this.#values.length;
      this.#byKey.set(key, value);
      this.#values.push(value);
    }
    return value;
  }

  value(id) {
    return this.#values[id];
  }
}

/**
 * The final document of every observer: `logs` are their lists of message numbers, `replay` turns
 * a list of decoded messages into a canonical document; lists received identically are replayed once.
 */
export function replayAll(logs, interner, replay) {
  const byLog = new Map();
  return logs.map((log) => {
    const key = log.join(',');
    let result = byLog.get(key);
    if (result === undefined) {
      result = replay(log.map((id) => interner.value(id)));
      byLog.set(key, result);
    }
    return result;
  });
}
