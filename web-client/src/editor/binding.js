// Binds a Quill editor to a Session: the user's edits go out, remote edits come in, remote
// cursors follow the text. Only changes with source 'user' are sent; remote ops are applied with
// source 'api', which Quill's history (userOnly) does not record but transforms its stacks over —
// so undo/redo only ever touch the user's own edits, at their moved positions.

import Delta from 'quill-delta';
import { forEditor } from './embeds.js';
import { displayName } from '../identity.js';

const PRESENCE_INTERVAL_MS = 100;
const FLAG_MS = 2500; // how long a collaborator's name stays up after they move

// Drawing someone's cursor is decoration: quill-cursors measures the page (and has thrown "Cannot read properties
// of null (reading 'top')" when Quill had no bounds for a position), and a throw here must not cut short the
// handling of the message that moved it — the document, the people list and the next messages matter more. Every
// call into quill-cursors goes through here, the editor page's recolouring too.
export function drawCursor(draw) {
  try {
    draw();
  } catch (e) {
    console.warn('quire: could not draw a collaborator\'s cursor', e);
  }
}

export class EditorBinding {
  /**
   * @param {import('quill').default} quill
   * @param {import('../net/session.js').Session} session
   * @param {object} [options]
   * @param {object} [options.cursors] the quill-cursors module (absent in tests without a DOM)
   */
  constructor(quill, session, { cursors = null } = {}) {
    this.quill = quill;
    this.session = session;
    this.cursors = cursors;
    this.remote = new Map(); // clientId → {clientId, name, color, range (our coordinates) | null}
    this.presenceTimer = null;
    this.lastPresenceAt = 0;
    this.applyingRemote = false;
    quill.on('text-change', (delta, oldContents, source) => this.#onTextChange(delta, source));
    // Only the user's own moves and edits are announced: the server moves stored selections through
    // every later op itself, so re-announcing after each remote op would only multiply traffic
    // (n people × every op). Hence also `selectionChangeSource: null` for quill-cursors.
    quill.on('selection-change', (range, oldRange, source) => {
      if (source === 'user') this.#schedulePresence();
    });
  }

  /** The session's output callbacks that concern the editor; merge into the Session's `out`. */
  sessionCallbacks() {
    return {
      flush: () => this.quill.update('user'),
      apply: (delta) => this.#applyRemote(delta),
      reset: (content) => this.#reset(content),
      welcome: (message) => this.#welcome(message),
      presence: (message) => this.#presence(message),
      presenceDue: () => this.#schedulePresence(),
      leave: (clientId) => this.#leave(clientId),
    };
  }

  /** Everyone else in the document, for "who is here". */
  users() {
    return [...this.remote.values()];
  }

  #onTextChange(delta, source) {
    if (source === 'user') {
      this.session.local(delta);
      this.#schedulePresence();
    }
    // Remote cursors are kept in our coordinates: every change moves them, ours and theirs.
    for (const user of this.remote.values()) {
      if (user.range) user.range = transformRange(user.range, delta);
      drawCursor(() => this.cursors?.moveCursor(user.clientId, user.range));
    }
  }

  // Everything from the server reaches Quill through forEditor: an embed it has no blot for would
  // stop it rendering, and shift every later position.
  #applyRemote(delta) {
    this.quill.updateContents(forEditor(delta), 'api');
  }

  #reset(content) {
    const target = forEditor(new Delta(content));
    if (!this.quill.isEnabled() && this.quill.getLength() <= 1) {
      // First load: the content becomes the editor's, and nothing of it is undoable.
      this.quill.setContents(target, 'api');
      this.quill.history.clear();
    } else {
      // A resync: move to the server's content with a minimal change, so selection and the
      // undo stacks move with it instead of being thrown away.
      const change = this.quill.getContents().diff(target);
      if (change.ops.length > 0) this.quill.updateContents(change, 'api');
    }
  }

  #welcome(message) {
    for (const id of [...this.remote.keys()]) this.#leave(id);
    for (const user of message.users ?? []) this.#presence(user);
    // A viewer's editor stays disabled: the server would refuse its ops (read_only) anyway.
    if (message.role !== 'view') this.quill.enable();
  }

  #presence({ clientId, name, color, selection }) {
    if (clientId === this.session.clientId) return;
    // Their selection is in the server's coordinates; ours include our unacknowledged edits.
    const range = selection ? transformRange(selection, this.session.pending()) : null;
    const user = { clientId, name: displayName(name), color: color || '#777777', range };
    this.remote.set(clientId, user);
    if (this.cursors) {
      drawCursor(() => {
        this.cursors.createCursor(clientId, user.name, user.color);
        this.cursors.moveCursor(clientId, range);
        if (range) this.#flashName(user);
      });
    }
    this.onUsersChanged?.();
  }

  // Shows the name flag when someone moves, then lets it fade (quill-cursors otherwise shows it on hover only).
  #flashName(user) {
    this.cursors.toggleFlag(user.clientId, true);
    clearTimeout(user.flagTimer);
    user.flagTimer = setTimeout(() => {
      if (this.remote.get(user.clientId) === user) drawCursor(() => this.cursors.toggleFlag(user.clientId, false));
    }, FLAG_MS);
  }

  #leave(clientId) {
    if (!this.remote.delete(clientId)) return;
    drawCursor(() => this.cursors?.removeCursor(clientId));
    this.onUsersChanged?.();
  }

  // Throttled: at most one presence per interval, and always the latest selection last.
  #schedulePresence() {
    if (this.presenceTimer) return;
    const wait = Math.max(0, this.lastPresenceAt + PRESENCE_INTERVAL_MS - Date.now());
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.lastPresenceAt = Date.now();
      const range = this.quill.hasFocus() ? this.quill.getSelection() : null;
      this.session.presence(range ? { index: range.index, length: range.length } : null);
    }, wait);
  }
}

/** Moves a selection through a change: both ends with transformPosition. */
export function transformRange(range, delta) {
  const start = delta.transformPosition(range.index);
  const end = delta.transformPosition(range.index + range.length);
  return { index: start, length: Math.max(0, end - start) };
}
