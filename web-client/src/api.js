// The documents REST API, mapped in one place. Every function resolves to plain values or throws
// an ApiError; `unavailable` is true when the server has no such endpoint (404 on the collection)
// so pages can degrade instead of failing.

export class ApiError extends Error {
  constructor(status, message, { unavailable = false, code = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.unavailable = unavailable;
    this.code = code;
  }
}

import { authHeaders } from './auth.js';

const BASE = '/api/documents';

/** A document summary as the pages use it. */
function toSummary(raw) {
  return {
    id: String(raw.id),
    title: raw.title || 'Untitled',
    version: Number(raw.version ?? 0),
    createdAt: raw.createdAt ? new Date(raw.createdAt) : null,
    updatedAt: raw.updatedAt ? new Date(raw.updatedAt) : null,
    present: Array.isArray(raw.present) ? raw.present.map(toPresentUser) : [],
  };
}

const CSS_HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** Someone in a document now (list items' `present`); the colour goes into a style, so only a hex colour passes. */
function toPresentUser(raw) {
  const name = typeof raw?.name === 'string' && raw.name.trim() ? raw.name : 'Anonymous';
  const color = typeof raw?.color === 'string' && CSS_HEX_COLOR.test(raw.color) ? raw.color : '#868e96';
  return { name, color };
}

async function request(path, { method = 'GET', body, fetch = globalThis.fetch, token } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), Accept: 'application/json', ...authHeaders(token) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached.');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    // problem+json carries a human-readable detail; fall back to the status line.
    const message = json?.detail || json?.title || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, {
      unavailable: response.status === 404 || response.status === 405, code: typeof json?.code === 'string' ? json.code : null,
    });
  }
  return json;
}

/** @returns {Promise<{documents: object[], nextCursor: string|null}>} newest first */
export async function listDocuments({ cursor, fetch } = {}) {
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  const body = await request(`${BASE}${query}`, { fetch });
  // The server answers {"documents": [...]}; earlier drafts said {"items": [...]}.
  const raw = body?.documents ?? body?.items ?? [];
  return { documents: raw.map(toSummary), nextCursor: body?.nextCursor ?? null };
}

export async function createDocument(title, { fetch } = {}) {
  return toSummary(await request(BASE, { method: 'POST', body: { title }, fetch }));
}

export async function renameDocument(id, title, { fetch } = {}) {
  await request(`${BASE}/${encodeURIComponent(id)}`, { method: 'PATCH', body: { title }, fetch });
}

export async function deleteDocument(id, { fetch } = {}) {
  await request(`${BASE}/${encodeURIComponent(id)}`, { method: 'DELETE', fetch });
}

// Saved versions (docs/rest.md "Saved versions").

/** A saved version as the pages use it. */
function toSave(raw) {
  return {
    number: Number(raw.number),
    version: Number(raw.version ?? 0),
    title: raw.title || 'Untitled',
    trigger: raw.trigger || 'explicit',
    savedBy: raw.savedBy || null,
    savedAt: raw.savedAt ? new Date(raw.savedAt) : null,
    label: raw.label || null,
  };
}

const savesPath = (id) => `${BASE}/${encodeURIComponent(id)}/saves`;

/** @returns {Promise<object[]>} newest first */
export async function listSaves(id, { fetch } = {}) {
  const body = await request(savesPath(id), { fetch });
  return (body?.saves ?? []).map(toSave);
}

/** One saved version with its `content` (a quill-delta `{ops}`), for a read-only preview. */
export async function getSave(id, number, { fetch } = {}) {
  const body = await request(`${savesPath(id)}/${encodeURIComponent(number)}`, { fetch });
  return { ...toSave(body), content: body?.content ?? { ops: [] } };
}

/**
 * Makes saved version `number` current again as a new document version; resolves to `{id, version}`. `by` is the
 * display name the restore is recorded under and others are told.
 */
export async function restoreSave(id, number, { by, fetch } = {}) {
  return request(`${savesPath(id)}/${encodeURIComponent(number)}/restore`, { method: 'POST', body: by ? { by } : undefined, fetch });
}

// Access (docs/security.md).

/**
 * What this tab's credential (or `token`, to check one before keeping it) is and allows:
 * `{kind, name, color, scopes, documents: {id|*: role}}`.
 */
export async function getMe({ fetch, token } = {}) {
  return request('/api/me', { fetch, token });
}

/** A new share link; resolves to `{id, role, path}` where `path` (with its #token) is the link to hand out. */
export async function createShareLink(id, role, { fetch } = {}) {
  return request(`${BASE}/${encodeURIComponent(id)}/share-links`, { method: 'POST', body: { role }, fetch });
}

/** A share link as the share dialog lists it (never with its secret, which only its creation shows). */
function toShareLink(raw) {
  return {
    id: String(raw.id),
    role: raw.role === 'edit' ? 'edit' : 'view',
    label: raw.label || '',
    createdAt: raw.createdAt ? new Date(raw.createdAt) : null,
    revokedAt: raw.revokedAt ? new Date(raw.revokedAt) : null,
    createdBy: raw.createdBy || '',
  };
}

/** The document's share links that still work, newest first. */
export async function listShareLinks(id, { fetch } = {}) {
  const body = await request(`${BASE}/${encodeURIComponent(id)}/share-links`, { fetch });
  return (body?.links ?? []).map(toShareLink).filter((link) => !link.revokedAt)
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

/** Revokes a share link: it stops working at once, and sessions opened with it are closed. */
export async function revokeShareLink(id, linkId, { fetch } = {}) {
  await request(`${BASE}/${encodeURIComponent(id)}/share-links/${encodeURIComponent(linkId)}`, { method: 'DELETE', fetch });
}
