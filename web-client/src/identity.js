// Who the user is in this browser: a display name remembered in localStorage and a colour derived
// from the client id exactly as the server derives it (ws.Colors). The client id itself is the
// server's to issue (net/session.js), one per editor instance: new per page load.

const NAME_KEY = 'quire.displayName';

// Same palette and order as dev.quire.ws.Colors, so our own avatar matches what others see.
const PALETTE = Object.freeze([
  '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a3a3', '#f032e6', '#808000',
  '#9a6324', '#800000', '#000075', '#2f4f4f',
]);

/** Java's String.hashCode over UTF-16 code units. */
function javaHash(text) {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

export function colorFor(clientId) {
  const n = PALETTE.length;
  return PALETTE[((javaHash(clientId) % n) + n) % n];
}

export function loadName(storage = globalThis.localStorage) {
  try {
    return storage.getItem(NAME_KEY) || '';
  } catch (e) {
    return ''; // storage disabled: nameless this time
  }
}

export function saveName(name, storage = globalThis.localStorage) {
  try {
    storage.setItem(NAME_KEY, name);
  } catch (e) {
    // storage disabled or full: the name still applies to this page
  }
}

export function initials(name) {
  const words = (name || 'Anonymous').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
