-- API tokens and share links (docs/security.md). Only the SHA-256 of a secret is stored: the secret is shown once.
-- Instants are INTEGER microseconds since the epoch, as everywhere else.

CREATE TABLE access_grants (
    id           TEXT    NOT NULL PRIMARY KEY,          -- tok_... or link_...
    kind         TEXT    NOT NULL CHECK (kind IN ('api_token', 'share_link')),
    secret_hash  TEXT    NOT NULL UNIQUE,               -- lowercase hex SHA-256 of the secret
    label        TEXT    NOT NULL,
    scopes       TEXT    NOT NULL,                      -- JSON array of scope names
    document_ids TEXT    NOT NULL,                      -- JSON array; empty means every document
    role         TEXT    NULL CHECK (role IN ('view', 'edit')),
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NULL,
    revoked_at   INTEGER NULL
);

CREATE INDEX access_grants_by_kind ON access_grants (kind, created_at);
