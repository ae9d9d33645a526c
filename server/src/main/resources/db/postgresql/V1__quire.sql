-- Quire's schema on PostgreSQL (cluster mode): the same tables as the embedded SQLite file (db/migration), made in
-- one step because PostgreSQL support started with all of them. Several Quire nodes share it; the database is the
-- truth, and its keys order concurrent writers: (document, version) and (document, client, seq) are unique.
-- Instants are timestamptz (microseconds, what every Quire store keeps); sets of names are text[].

CREATE TABLE documents (
    id          text        NOT NULL PRIMARY KEY,
    title       text        NOT NULL,
    -- version of the last committed op (0 = as created): the head a writer checks under this row's lock
    version     bigint      NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- NULL while live; rows are never removed, so an id is never reused
    deleted_at  timestamptz NULL
);
CREATE INDEX documents_live_by_updated ON documents (updated_at DESC, id) WHERE deleted_at IS NULL;

CREATE TABLE ops (
    document_id  text        NOT NULL REFERENCES documents (id),
    version      bigint      NOT NULL CHECK (version >= 1),
    client_id    text        NOT NULL,
    client_seq   bigint      NOT NULL,
    delta        text        NOT NULL, -- quill-delta JSON, as the browser sends it
    author       text        NOT NULL,
    committed_at timestamptz NOT NULL,
    PRIMARY KEY (document_id, version),
    -- exactly-once across restarts and nodes: a resent op is never stored twice
    UNIQUE (document_id, client_id, client_seq)
);

CREATE TABLE snapshots (
    document_id text   NOT NULL REFERENCES documents (id),
    version     bigint NOT NULL CHECK (version >= 0),
    content     text   NOT NULL, -- quill-delta JSON of the whole document at that version
    PRIMARY KEY (document_id, version)
);

CREATE TABLE saved_versions (
    document_id       text        NOT NULL REFERENCES documents (id),
    number            bigint      NOT NULL CHECK (number >= 1),
    document_version  bigint      NOT NULL CHECK (document_version >= 0),
    previous_version  bigint      NOT NULL CHECK (previous_version >= 0),
    title             text        NOT NULL,
    save_trigger      text        NOT NULL CHECK (save_trigger IN ('explicit', 'auto', 'api')),
    saved_by          text        NOT NULL,
    saved_at          timestamptz NOT NULL,
    label             text        NULL,
    PRIMARY KEY (document_id, number)
);

CREATE TABLE webhook_endpoints (
    -- creation order (SQLite's rowid): lists of endpoints and deliveries follow it
    seq                        bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    id                         text        NOT NULL PRIMARY KEY,
    url                        text        NOT NULL,
    description                text        NOT NULL,
    event_types                text[]      NOT NULL,
    document_ids               text[]      NOT NULL, -- empty means every document
    enabled                    boolean     NOT NULL,
    disabled_reason            text        NULL,
    secret                     text        NOT NULL,
    previous_secret            text        NULL,
    previous_secret_expires_at timestamptz NULL,
    failing_since              timestamptz NULL,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL
);

CREATE TABLE webhook_messages (
    id          text        NOT NULL PRIMARY KEY,
    event_type  text        NOT NULL,
    document_id text        NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    message_id      text        NOT NULL REFERENCES webhook_messages (id),
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (id),
    state           text        NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts        integer     NOT NULL,
    failures        integer     NOT NULL,
    next_attempt_at timestamptz NULL CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
    -- a node working on it; another node takes it over once this has passed (its node died)
    leased_until    timestamptz NULL,
    last_error      text        NULL,
    PRIMARY KEY (message_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id);

CREATE TABLE webhook_attempts (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  text        NOT NULL,
    endpoint_id text        NOT NULL,
    number      integer     NOT NULL,
    at          timestamptz NOT NULL,
    status_code integer     NULL,
    latency_ns  bigint      NOT NULL,
    error       text        NULL,
    FOREIGN KEY (message_id, endpoint_id) REFERENCES webhook_deliveries (message_id, endpoint_id)
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (message_id, endpoint_id);

CREATE TABLE access_grants (
    seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    id           text        NOT NULL PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('api_token', 'share_link')),
    secret_hash  text        NOT NULL UNIQUE, -- lowercase hex SHA-256 of the secret
    label        text        NOT NULL,
    scopes       text[]      NOT NULL,
    document_ids text[]      NOT NULL,
    role         text        NULL CHECK (role IN ('view', 'edit')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NULL,
    revoked_at   timestamptz NULL,
    created_by   text        NULL
);
CREATE INDEX access_grants_by_kind ON access_grants (kind, created_at);
