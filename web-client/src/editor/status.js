// What the status line says, from the facts: the connection's status, whether every local edit
// is acknowledged, whether a save of ours is outstanding and the last `saved` message. "All changes
// saved" only when the server has acknowledged everything — on this server acknowledged means
// durably committed. "Saved" (a numbered saved version) only when the last explicit save captured
// exactly the version this editor has; autosaves never take over the status line (see describeLastSave).
import { Status } from '../net/connection.js';

export const StatusText = Object.freeze({
  CONNECTING: 'Connecting…',
  OFFLINE_KEPT: 'Offline — changes kept',
  OFFLINE: 'Offline — reconnecting…',
  SAVING: 'Saving…',
  SAVED: 'All changes saved',
  VERSION_SAVED: 'Saved',
  DELETED: 'This document was deleted',
  DISCONNECTED: 'Disconnected — reload the page',
  // Closes after which a reload cannot help: each says what will.
  REVOKED: 'Link revoked — ask the owner for a new link',
  EXPIRED: 'Access expired — open the link again or sign in',
  NOT_FOUND: 'No such document — check the link',
  NO_ACCESS: 'No access — open this with a share link or token',
});

// Close codes of docs/protocol.md whose cause a reload does not remove.
const CLOSED_FOR_GOOD = Object.freeze({ 4410: StatusText.DELETED, 4403: StatusText.REVOKED, 4401: StatusText.EXPIRED, 4404: StatusText.NOT_FOUND });

/**
 * @param {object} facts
 * @param {boolean} [facts.saving] a save of ours is outstanding
 * @param {object} [facts.lastSave] the session's last `saved` message (with `mine`)
 * @param {number} [facts.version] the document version this editor has
 * @param {number} [facts.closeCode] the code the server closed the connection with, once closed
 * @param {boolean} [facts.noAccess] the credential gives no access to this document (the page stopped connecting)
 * @returns {{text: string, tone: 'busy'|'ok'|'warn'|'error', unsaved: boolean, showsSave?: boolean}} `showsSave`
 *   when the text names the last save ("Saved · version 3")
 */
export function describeStatus({ connection, loaded, settled, closeCode, noAccess = false, saving = false, lastSave = null, version }) {
  const unsaved = loaded && !settled;
  if (connection === Status.CLOSED) {
    const text = noAccess ? StatusText.NO_ACCESS : CLOSED_FOR_GOOD[closeCode] ?? StatusText.DISCONNECTED;
    return { text, tone: 'error', unsaved };
  }
  if (!loaded) return { text: StatusText.CONNECTING, tone: 'busy', unsaved };
  if (connection === Status.ONLINE) {
    if (saving || !settled) return { text: StatusText.SAVING, tone: 'busy', unsaved };
    if (lastSave && lastSave.trigger === 'explicit' && lastSave.version === version) {
      const who = lastSave.mine || !lastSave.savedBy ? '' : ` by ${lastSave.savedBy}`;
      return { text: `${StatusText.VERSION_SAVED}${who} · version ${lastSave.savedVersion}`, tone: 'ok', unsaved, showsSave: true };
    }
    return { text: StatusText.SAVED, tone: 'ok', unsaved };
  }
  return unsaved ? { text: StatusText.OFFLINE_KEPT, tone: 'warn', unsaved } : { text: StatusText.OFFLINE, tone: 'warn', unsaved };
}

/**
 * Whether the page offers "Retry now": while the connection waits to retry, or is still trying after the document
 * had loaded (an attempt hanging on a dead network). Not before the first load, nor once closed for good.
 */
export function canRetryNow({ connection, loaded }) {
  return connection === Status.OFFLINE || (loaded && connection === Status.CONNECTING);
}

const TRIGGER_WORDS = Object.freeze({ explicit: 'Saved', auto: 'Autosaved', api: 'Saved through the API', restore: 'Restored' });

/** How a save reads in lists and the quiet "last saved" note: "Autosaved", "Saved by Grace", … */
export function triggerWords(save, { mine = false } = {}) {
  const base = TRIGGER_WORDS[save.trigger] ?? 'Saved';
  if (save.trigger === 'auto' || save.trigger === 'api' || mine || !save.savedBy) return base;
  return `${base} by ${save.savedBy}`;
}

/**
 * The quiet note beside the status: the last saved version of any kind, e.g. "Autosaved · v4 · 12:03".
 * Not shown while the status line names that save itself (`showsSave`), so nothing is said twice.
 * @returns {string} '' when nothing was saved while this page was open
 */
export function describeLastSave(lastSave, { formatTime = defaultTime } = {}) {
  if (!lastSave) return '';
  const when = lastSave.savedAt ? ` · ${formatTime(new Date(lastSave.savedAt))}` : '';
  return `${triggerWords(lastSave, { mine: lastSave.mine })} · v${lastSave.savedVersion}${when}`;
}

function defaultTime(date) {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
