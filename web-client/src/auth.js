// The credential this tab presents (docs/security.md): an API token, a share-link secret or an
// integration JWT. It arrives once in the URL fragment (#token=…) — fragments are never sent to
// the server, so it stays out of request lines, proxy logs and Referer headers — is kept in
// sessionStorage (this tab only, gone when it closes) and stripped from the address bar at once.
// REST calls send it as `Authorization: Bearer`; the WebSocket, which cannot carry headers from a
// browser, sends it as the `access_token` query parameter.

const KEY = 'quire.token';

function defaultStorage() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch (e) {
    return null; // storage disabled: the token lives only as long as the page
  }
}

let memory = null;

/**
 * Moves a `#token=…` fragment into storage and removes it from the address bar.
 * @returns {string|null} the token found, if any
 */
export function takeTokenFromFragment({ location = globalThis.location, history = globalThis.history, storage = defaultStorage() } = {}) {
  const hash = location?.hash ?? '';
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  if (!token) return null;
  memory = token;
  storage?.setItem(KEY, token);
  params.delete('token');
  const rest = params.toString();
  history?.replaceState(history.state ?? null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

/** The token this tab presents, or null (an open server needs none). */
export function currentToken({ storage = defaultStorage() } = {}) {
  return storage?.getItem(KEY) ?? memory;
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
