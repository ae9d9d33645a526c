// The credential this tab presents (docs/security.md): an API token, the admin token, a share-link
// secret or an integration JWT. It arrives pasted into the sign-in page or once in the URL fragment
// (#token=…) — fragments are never sent to the server, so it stays out of request lines, proxy logs
// and Referer headers — and is stripped from the address bar at once.
//
// Where it is kept depends on what it is:
// - a signed-in token (API, admin, JWT) in sessionStorage: this tab only, gone when it closes;
// - a share-link secret (`qs_…`, good for one document only) in localStorage under that document's
//   id, so that a bookmark or a reload of `/d/{id}` keeps working in this browser (docs/security.md,
//   "Share links in the browser"). Signing out forgets both.
// REST calls send it as `Authorization: Bearer`; the WebSocket, which cannot carry headers from a
// browser, sends it as the `access_token` query parameter.

const KEY = 'quire.token';
const LINK_PREFIX = 'quire.link.';
const SHARE_LINK_SECRET = /^qs_/;
const DOCUMENT_PATH = /^\/d\/([^/]+)\/?$/;

function defaultStorage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch (e) {
    return null; // storage disabled: the token lives only as long as the page
  }
}

function defaultLinkStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch (e) {
    return null; // storage disabled: a link works until the page is left
  }
}

/** The document a path names (`/d/{id}`), or null. */
export function documentOfPath(pathname) {
  const match = DOCUMENT_PATH.exec(pathname ?? '');
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch (e) {
    return null;
  }
}

// What this page load was opened with: a fresh link wins over what is remembered for this load only.
let memory = null;

/**
 * Moves a `#token=…` fragment into storage and removes it from the address bar.
 * @returns {string|null} the token found, if any
 */
export function takeTokenFromFragment({
  location = globalThis.location, history = globalThis.history, storage = defaultStorage(), links = defaultLinkStorage(),
} = {}) {
  const hash = location?.hash ?? '';
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  if (!token) return null;
  memory = token;
  const documentId = documentOfPath(location?.pathname);
  if (SHARE_LINK_SECRET.test(token) && documentId) rememberLink(documentId, token, links);
  else storage?.setItem(KEY, token);
  params.delete('token');
  const rest = params.toString();
  history?.replaceState(history.state ?? null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

/**
 * The token this tab presents, or null (an open server needs none): the one this page was opened with, else the
 * signed-in one, else a share link remembered for the document of this page.
 */
export function currentToken({ storage = defaultStorage(), links = defaultLinkStorage(), pathname = globalThis.location?.pathname } = {}) {
  if (memory) return memory;
  const signedIn = safeGet(storage, KEY);
  if (signedIn) return signedIn;
  const documentId = documentOfPath(pathname);
  return documentId ? safeGet(links, LINK_PREFIX + documentId) : null;
}

/** Whether this tab is signed in with a token of its own (not only a document's share link). */
export function isSignedIn({ storage = defaultStorage() } = {}) {
  return Boolean(safeGet(storage, KEY)) || Boolean(memory && !SHARE_LINK_SECRET.test(memory));
}

/** Keeps a pasted token for this tab (the sign-in page checks it with the server first). */
export function signIn(token, { storage = defaultStorage() } = {}) {
  memory = null;
  storage?.setItem(KEY, token);
}

/** Forgets the signed-in token and every share link remembered in this browser. */
export function signOut({ storage = defaultStorage(), links = defaultLinkStorage() } = {}) {
  memory = null;
  storage?.removeItem(KEY);
  if (!links) return;
  const keys = [];
  for (let i = 0; i < links.length; i++) {
    const key = links.key(i);
    if (key?.startsWith(LINK_PREFIX)) keys.push(key);
  }
  keys.forEach((key) => links.removeItem(key));
}

/** Forgets the share link of one document (it was revoked, or the user asked to). */
export function forgetLink(documentId, { links = defaultLinkStorage() } = {}) {
  if (memory && SHARE_LINK_SECRET.test(memory) && safeGet(links, LINK_PREFIX + documentId) === memory) memory = null;
  links?.removeItem(LINK_PREFIX + documentId);
}

function rememberLink(documentId, token, links) {
  try {
    links?.setItem(LINK_PREFIX + documentId, token);
  } catch (e) {
    // storage full or disabled: the link works for this page load (memory)
  }
}

function safeGet(storage, key) {
  try {
    return storage?.getItem(key) ?? null;
  } catch (e) {
    return null;
  }
}

/** Headers that carry the token, to merge into a fetch. */
export function authHeaders(token = currentToken()) {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The WebSocket URL with the token as `access_token`. */
export function withAccessToken(url, token = currentToken()) {
  if (!token) return url;
  return `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
}

/**
 * The role a `/api/me` answer gives on a document: 'edit', 'view' or null (no access).
 * @param {{documents?: Object<string,string>}} me
 */
export function roleFor(me, documentId) {
  const documents = me?.documents ?? {};
  return documents[documentId] ?? documents['*'] ?? null;
}

/**
 * Where to sign in, coming back to `next` (a path of this site) afterwards: the list page shows the sign-in form
 * whenever the server refuses this tab's credential.
 */
export function signInPath(next = '/') {
  return next && next !== '/' ? `/?next=${encodeURIComponent(next)}` : '/';
}

/** The path to go to after signing in: `next` if it is a path of this site, else the list. */
export function afterSignIn(search) {
  const next = new URLSearchParams(search ?? '').get('next');
  // Only a local path: "//evil.example" or "/\evil" would leave the site.
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}
