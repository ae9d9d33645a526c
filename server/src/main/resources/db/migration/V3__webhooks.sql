-- Webhooks (docs/webhooks.md): registered endpoints and the durable outbox. A save's message and its deliveries
-- are inserted in the save's own transaction, so a committed save always has them and a rolled-back one has none.
-- Instants are INTEGER microseconds since the epoch, as everywhere else.

CREATE TABLE webhook_endpoints (
    id                         TEXT    NOT NULL PRIMARY KEY,   -- ep_...
    url                        TEXT    NOT NULL,
    description                TEXT    NOT NULL,
    event_types                TEXT    NOT NULL,               -- JSON array of wire names, never empty
    document_ids               TEXT    NOT NULL,               -- JSON array; empty means every document
    enabled                    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason            TEXT    NULL,
    secret                     TEXT    NOT NULL,
    previous_secret            TEXT    NULL,
    previous_secret_expires_at INTEGER NULL,
    failing_since              INTEGER NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
);

-- No reference to documents: a document.deleted message outlives nothing it could point to, and messages are
-- kept for manual redelivery.
CREATE TABLE webhook_messages (
    id          TEXT    NOT NULL PRIMARY KEY,                  -- msg_..., the webhook-id header
    event_type  TEXT    NOT NULL,
    document_id TEXT    NOT NULL,
    body        TEXT    NOT NULL,                              -- the exact bytes every attempt sends
    created_at  INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    message_id      TEXT    NOT NULL REFERENCES webhook_messages (id),
    endpoint_id     TEXT    NOT NULL REFERENCES webhook_endpoints (id),
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts        INTEGER NOT NULL,
    failures        INTEGER NOT NULL,
    next_attempt_at INTEGER NULL CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL)),
    leased_until    INTEGER NULL,
    last_error      TEXT    NULL,
    PRIMARY KEY (message_id, endpoint_id)
);

-- What the dispatcher polls for: pending deliveries by due time.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id);

-- The attempt log. Its own key rather than (message, endpoint, number): a delivery whose lease ran out while its
-- attempt was still running may log the same number twice, and the log must keep both.
CREATE TABLE webhook_attempts (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id  TEXT    NOT NULL,
    endpoint_id TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status_code INTEGER NULL,
    latency_ns  INTEGER NOT NULL,
    error       TEXT    NULL,
    FOREIGN KEY (message_id, endpoint_id) REFERENCES webhook_deliveries (message_id, endpoint_id)
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (message_id, endpoint_id);
