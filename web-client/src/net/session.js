// The protocol conversation of one editor instance with one document, without the socket: wire
// messages in → OT events → wire messages and editor changes out. The connection (connection.js)
// owns the socket and calls connectionOpened/receive/connectionClosed; the editor binding calls
// local/presence and listens to the outputs. Kept socket-free so the multi-client simulation in
// test/ drives exactly this code.

import { PROTOCOL_VERSION, ClientType, DEFERRING_ERRORS, ServerType } from '../protocol.js';
import { Event, OtStateError, State, initialState, isSettled, pendingDelta, step } from '../ot/client.js';

/**
 * Who we are is the server's to say: the first welcome names our `clientId` and gives the
 * `clientSecret` that proves it, and every later hello presents the secret, so reconnects resume
 * under the same id (and the server recognises a resent op). Both live here, in memory, next to the
 * pending edits they belong to: a reload starts a new editor instance with a new identity.
 *
 * @param {object} options
 * @param {string} [options.name] display name sent in hello
 * @param {object} out callbacks, all optional:
 *   send(message)            a wire message to put on the socket (only while joined or for hello)
 *   apply(delta)             a remote change for the editor
 *   reset(content)           replace the editor's content (first load, or a resume too far behind: then the
 *                            content has our unacknowledged edits merged into it, and they are sent again)
 *   lost(delta)              unacknowledged local edits that could not be kept: only after the server refused
 *                            our op for good (tell the user)
 *   welcome(message)         joined: title, users
 *   presence(message), leave(clientId)
 *   rejected(error)          the server refused our in-flight op; the session resynchronises
 *   deferred({seq, retryAfterMs, error})  the server refused our in-flight op for now (a write
 *                            budget is spent, or its storage is behind: error.code says which) and
 *                            applied nothing: call resendDeferred(seq) after
 *                            retryAfterMs; edits made meanwhile wait in the buffer
 *   error(error)             any other error frame
 *   desync(reason)           state is inconsistent; the connection must reconnect (fresh load)
 *   changed()                settled/joined/saving state may have changed (for status displays)
 *   saved(message)           a `saved` message, plus `mine: true` when it answers our save()
 *   saveFailed(error)        our save was refused, or its answer can no longer come
 *   title(message)           the document was renamed: `{title, by}` (the welcome carries it too)
 *   flush()                  called before each incoming message: the editor reports any local
 *                            edit it has not reported yet, so remote ops transform against it
 */
export class Session {
  constructor({ name } = {}, out = {}) {
    /** Ours once the first welcome names it; null before. */
    this.clientId = null;
    this.clientSecret = null;
    this.name = name;
    this.out = out;
    this.state = initialState();
    this.joined = false;
    this.freshLoad = false;
    this.selection = null;
    /** Our outstanding save: {message, sent} until `saved` or failure. */
    this.saving = null;
    /** The last `saved` message seen (any trigger, anyone's), with `mine` when it answered our save. */
    this.lastSave = null;
    /** The seq of our in-flight op while the server asks us to send it again later, else null. */
    this.deferredSeq = null;
  }

  get settled() {
    return isSettled(this.state);
  }

  get loaded() {
    return this.state.name !== State.UNLOADED;
  }

  /** Local edits not yet acknowledged, in the coordinates of the last server version seen. */
  pending() {
    return pendingDelta(this.state);
  }

  /** The socket is open: introduce ourselves, resuming from the last version we saw. */
  connectionOpened() {
    this.joined = false;
    const hello = { type: ClientType.HELLO, protocol: PROTOCOL_VERSION };
    if (this.clientSecret) hello.clientSecret = this.clientSecret;
    if (this.name) hello.name = this.name;
    if (this.loaded && !this.freshLoad) hello.version = this.state.version;
    // Our op in flight, so that a node welcoming us while another still commits it fences that commit off: we
    // merge the op as a new one after a full welcome, and the late commit must not add its text a second time
    // (docs/cluster.md). Not one the server refused for good: nobody will commit it.
    if (this.state.inflight && !this.state.rejected) hello.inFlightSeq = this.state.inflight.sent.seq;
    this.#emit('send', hello);
  }

  connectionClosed() {
    this.joined = false;
    this.deferredSeq = null; // the resume after the reconnect sends the in-flight op again anyway
    if (this.saving) {
      // Sent or not, no answer can come on this socket; the user decides whether to save again.
      this.saving = null;
      this.#emit('saveFailed', { code: 'connection_lost', message: 'The connection dropped before the save was confirmed.' });
    }
    this.#emit('changed');
  }

  /** A local edit (already applied to the editor). */
  local(delta) {
    this.#step({ type: Event.APPLY_LOCAL, delta });
    this.#emit('changed');
  }

  /**
   * Our selection (or null): sent now if joined, and again after every join. While edits of ours
   * are unacknowledged the selection counts positions the server does not have yet, so it is held
   * back and the editor is asked for a fresh one ('presenceDue') once the server has them all.
   */
  presence(selection) {
    this.selection = selection;
    if (!this.joined) return;
    if (this.state.inflight) {
      this.presenceDue = true;
      return;
    }
    this.#emit('send', { type: ClientType.PRESENCE, selection });
  }

  receive(message) {
    this.#emit('flush');
    try {
      this.#dispatch(message);
    } catch (e) {
      if (!(e instanceof OtStateError)) throw e;
      this.#desync(e.message);
    }
    if (this.presenceDue && this.joined && !this.state.inflight) {
      this.presenceDue = false;
      this.#emit('presenceDue');
    }
    this.#sendDueSave();
    this.#emit('changed');
  }

  /**
   * Sends our in-flight op `seq` again, unchanged, after the server refused it for now ('deferred').
   * Does nothing if it has been sent again since (a reconnect resends it) or is no longer in flight,
   * so a late timer never puts a second copy on the wire.
   */
  resendDeferred(seq) {
    const inflight = this.state.inflight;
    if (this.deferredSeq !== seq || !this.joined || !inflight || inflight.sent.seq !== seq) return;
    this.deferredSeq = null;
    const { baseVersion, delta } = inflight.sent;
    this.#emit('send', { type: ClientType.OP, seq, baseVersion, delta: { ops: delta.ops } });
  }

  /**
   * Asks the server for a numbered saved version (docs/protocol.md `save`). The save must capture
   * every edit made so far: edits already on the wire are ahead of it on the same socket, and a
   * buffer still waiting for the in-flight ack holds the save back until the buffer has gone out.
   * Answered by 'saved' (with `mine: true`) or 'saveFailed'. One save at a time.
   *
   * @returns {boolean} false when not joined (offline) or a save is already outstanding
   */
  save(label) {
    if (!this.joined || this.saving) return false;
    this.#emit('flush');
    const message = { type: ClientType.SAVE };
    if (label) message.label = label;
    this.saving = { message, sent: false };
    this.#sendDueSave();
    this.#emit('changed');
    return true;
  }

  #sendDueSave() {
    if (!this.saving || this.saving.sent || !this.joined || this.state.buffer) return;
    this.saving.sent = true;
    this.#emit('send', this.saving.message);
  }

  // The server sends `saved` to everyone and names whose save request it answers.
  #saved(message) {
    const mine = Boolean(this.saving?.sent) && message.requestedBy === this.clientId;
    if (mine) this.saving = null;
    this.lastSave = { ...message, mine };
    this.#emit('saved', this.lastSave);
  }

  /** Forget the resume point: the next hello asks for the full content. */
  #desync(reason) {
    this.freshLoad = true;
    if (this.saving) {
      this.saving = null;
      this.#emit('saveFailed', { code: 'resync', message: 'The document is being reloaded; save again.' });
    }
    this.joined = false;
    this.#emit('desync', reason);
  }

  #dispatch(message) {
    switch (message.type) {
      case ServerType.WELCOME: return this.#welcome(message);
      case ServerType.ACK:
        return this.#step({ type: Event.SERVER_ACK, seq: message.seq, version: message.version });
      case ServerType.OP: return this.#op(message);
      // Protocol 3: consecutive committed ops of others, in version order; each is applied as if it came alone.
      case ServerType.OPS: return message.ops.forEach((op) => this.#op(op));
      case ServerType.PRESENCE: return this.#emit('presence', message);
      case ServerType.LEAVE: return this.#emit('leave', message.clientId);
      case ServerType.ERROR: return this.#error(message);
      case ServerType.PONG: return undefined;
      // A save committed (docs/protocol.md); the editor may show "Saved" from it.
      case ServerType.SAVED: return this.#saved(message);
      // The document was renamed (docs/protocol.md), by anyone, our own REST rename included.
      case ServerType.TITLE: return this.#emit('title', message);
      default: return this.#emit('error', { code: 'unknown_type', message: `unknown message type ${message.type}` });
    }
  }

  #welcome(message) {
    this.clientId = message.clientId;
    this.clientSecret = message.clientSecret ?? this.clientSecret;
    if (message.content) {
      this.#step({ type: Event.LOAD, version: message.version, content: message.content, lastSeq: message.lastSeq });
      this.freshLoad = false;
    } else {
      for (const op of message.ops ?? []) this.#op(op);
      if (this.state.version !== message.version) {
        throw new OtStateError(`resume reached version ${this.state.version}, welcome says ${message.version}`);
      }
    }
    this.joined = true;
    this.#emit('welcome', message);
    this.#step({ type: Event.RECONNECT });
    if (this.selection) this.presence(this.selection);
  }

  // Our own op seen as a committed op (in a resume welcome or a broadcast) is the ack of the op in flight, or of one
  // acknowledged already; one of ours we do not have yet (made before a full welcome from a node behind us, and
  // committed since) is applied like anyone's.
  #op({ version, clientId, seq, delta }) {
    const ours = clientId === this.clientId;
    const inflight = this.state.inflight;
    if (ours && ((inflight && inflight.sent.seq === seq) || version <= this.state.version)) {
      this.#step({ type: Event.SERVER_ACK, seq, version });
    } else {
      this.#step({ type: Event.SERVER_OP, version, delta });
    }
  }

  #error(message) {
    const inflight = this.state.inflight;
    if (message.seq != null && inflight && inflight.sent.seq === message.seq
        && DEFERRING_ERRORS.has(message.code) && message.retryAfterMs != null) {
      // Nothing of it was applied and the same op may come again (docs/protocol.md): keep it in flight,
      // so the edits made meanwhile wait behind it, and send it again when the server says.
      this.deferredSeq = message.seq;
      this.#emit('deferred', { seq: message.seq, retryAfterMs: message.retryAfterMs, error: message });
      return;
    }
    if (message.seq != null && inflight && inflight.sent.seq === message.seq) {
      // The server will never commit this op; our copy has forked. Reload the document and
      // report the edits that could not be applied.
      this.#emit('rejected', message);
      this.#step({ type: Event.REJECTED });
      this.#desync(`op ${message.seq} rejected: ${message.code}`);
      return;
    }
    if (message.re === 'save' && this.saving?.sent) {
      // The error names the request it answers: only an answer to a save fails the save (not, say, a
      // rate-limited presence update that arrives while the save is in flight).
      this.saving = null;
      this.#emit('saveFailed', message);
      return;
    }
    this.#emit('error', message);
  }

  #step(event) {
    const outcome = step(this.state, event);
    this.state = outcome.state;
    if (outcome.reset) this.#emit('reset', outcome.reset);
    if (outcome.lost && outcome.lost.length() > 0) this.#emit('lost', outcome.lost);
    if (outcome.apply && outcome.apply.ops.length > 0) this.#emit('apply', outcome.apply);
    if (outcome.send && this.joined) {
      const { seq, baseVersion, delta } = outcome.send;
      this.#emit('send', { type: ClientType.OP, seq, baseVersion, delta: { ops: delta.ops } });
    }
  }

  #emit(name, value) {
    const handler = this.out[name];
    if (handler) handler(value);
  }
}
