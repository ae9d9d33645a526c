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

// Characters a display name may not show, as the server's collab.DisplayNames removes them: C0/C1
// controls, bidirectional marks, embeddings, overrides and isolates (an override in a name reverses
// the text shown after it), and unpaired surrogates. Line breaks and tabs become spaces first.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const REMOVED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A name as it may be shown: cleaned as the server cleans names, 'Anonymous' when nothing is left.
 * Names from the server are clean already; this also covers our own name before it is sent.
 */
export function displayName(name) {
  const cleaned = String(name ?? '').replace(BREAKS, ' ').replace(REMOVED, '').trim();
  return cleaned || 'Anonymous';
}

export function initials(name) {
  const words = (name || 'Anonymous').trim().split(/\s+/).filter(Boolean);
  // By code point, so an emoji stays whole.
  const first = (word) => Array.from(word)[0];
  const letters = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : Array.from(words[0] ?? '?').slice(0, 2).join('');
  return letters.toUpperCase();
}
