// What the status line says, from the facts: the connection's status and whether every local
// edit is acknowledged. "All changes saved" only when the server has acknowledged everything —
// on this server acknowledged means durably committed.
import { Status } from '../net/connection.js';

export const StatusText = Object.freeze({
  CONNECTING: 'Connecting…',
  OFFLINE_KEPT: 'Offline — changes kept',
  OFFLINE: 'Offline — reconnecting…',
  SAVING: 'Saving…',
  SAVED: 'All changes saved',
  DELETED: 'This document was deleted',
  DISCONNECTED: 'Disconnected — reload the page',
});

/**
 * @returns {{text: string, tone: 'busy'|'ok'|'warn'|'error', unsaved: boolean}}
 */
export function describeStatus({ connection, loaded, settled, closeCode }) {
  const unsaved = loaded && !settled;
  if (connection === Status.CLOSED) {
    return { text: closeCode === 4410 ? StatusText.DELETED : StatusText.DISCONNECTED, tone: 'error', unsaved };
  }
  if (!loaded) return { text: StatusText.CONNECTING, tone: 'busy', unsaved };
  if (connection === Status.ONLINE) {
    return settled ? { text: StatusText.SAVED, tone: 'ok', unsaved } : { text: StatusText.SAVING, tone: 'busy', unsaved };
  }
  return unsaved ? { text: StatusText.OFFLINE_KEPT, tone: 'warn', unsaved } : { text: StatusText.OFFLINE, tone: 'warn', unsaved };
}
