-- Quire's embedded schema, version 1: documents, their op logs and snapshots.
-- Times are INTEGER microseconds since the epoch (UTC): exact, ordered, and PostgreSQL's precision.
-- Later migrations add saved versions and the webhook outbox as tables of their own that refer to
-- documents(id) and (document_id, version); nothing here needs to change for them.

CREATE TABLE documents (
    id          TEXT    NOT NULL PRIMARY KEY,
    title       TEXT    NOT NULL,
    -- version of the last committed op (0 = as created); kept in the same transaction as the op
    version     INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- the deleted flag: NULL while live, the time of deletion once deleted (rows are never removed,
    -- so an id is never reused and its history stays readable)
    deleted_at  INTEGER NULL
);

-- The document list: live documents, most recently updated first.
CREATE INDEX documents_live_by_updated ON documents (updated_at DESC, id) WHERE deleted_at IS NULL;

CREATE TABLE ops (
    document_id  TEXT    NOT NULL REFERENCES documents (id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    client_id    TEXT    NOT NULL,
    client_seq   INTEGER NOT NULL,
    delta        TEXT    NOT NULL, -- quill-delta JSON
    author       TEXT    NOT NULL,
    committed_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, version),
    -- exactly-once across restarts: a resent op is found by (client, seq), never stored twice
    UNIQUE (document_id, client_id, client_seq)
);

CREATE TABLE snapshots (
    document_id TEXT    NOT NULL REFERENCES documents (id),
    version     INTEGER NOT NULL CHECK (version >= 0),
    content     TEXT    NOT NULL, -- quill-delta JSON of the whole document at that version
    PRIMARY KEY (document_id, version)
);
