// The wire vocabulary of docs/protocol.md (version 3), matching the server's ClientMessage and
// ServerMessage records. One frozen table: nothing else in the client spells a type string.

// 3: committed ops of others may come several in one `ops` message.
export const PROTOCOL_VERSION = 3;

/** Client → server message types. */
export const ClientType = Object.freeze({
  HELLO: 'hello',
  OP: 'op',
  PRESENCE: 'presence',
  PING: 'ping',
  SAVE: 'save',
});

/** Server → client message types. */
export const ServerType = Object.freeze({
  WELCOME: 'welcome',
  ACK: 'ack',
  OP: 'op',
  OPS: 'ops',
  PRESENCE: 'presence',
  LEAVE: 'leave',
  ERROR: 'error',
  PONG: 'pong',
  SAVED: 'saved',
  TITLE: 'title',
});

/** WebSocket close codes the server uses and what the client does about each. */
export const CloseCode = Object.freeze({
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008, // too many bad messages: do not reconnect
  TOO_BIG: 1009, // a message over 1 MiB: do not resend it
  SERVER_ERROR: 1011, // reconnect and resend
  TRY_AGAIN_LATER: 1013, // too many connections from this address or to this document: reconnect with backoff
  SLOW_CONSUMER: 4008, // reconnect (resume)
  BAD_REQUEST: 4400, // bad hello: do not reconnect
  DOCUMENT_NOT_FOUND: 4404, // no such document, and this session may not create it: do not reconnect
  SESSION_REPLACED: 4409, // another connection resumed our identity: reconnecting would only take it back
  HELLO_TIMEOUT: 4408, // no hello in time: reconnect (sends the hello at once)
  DOCUMENT_DELETED: 4410, // do not reconnect; tell the user
  ACCESS_EXPIRED: 4401, // the credential expired: do not reconnect with it
  ACCESS_REVOKED: 4403, // the share link or token was revoked: do not reconnect
});

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES = Object.freeze(new Set([
  CloseCode.POLICY_VIOLATION, CloseCode.TOO_BIG, CloseCode.BAD_REQUEST, CloseCode.DOCUMENT_NOT_FOUND,
  CloseCode.SESSION_REPLACED, CloseCode.DOCUMENT_DELETED, CloseCode.ACCESS_EXPIRED, CloseCode.ACCESS_REVOKED,
]));

/**
 * Error codes that refuse an op for now, with `retryAfterMs`: nothing of it was applied and the same op may be sent
 * again, unchanged, after that long (the write budget of the document or writer is spent; the server's storage is
 * behind).
 */
export const DEFERRING_ERRORS = Object.freeze(new Set(['write_budget_exceeded', 'server_busy']));

/** A document id as the server accepts it. */
export const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
