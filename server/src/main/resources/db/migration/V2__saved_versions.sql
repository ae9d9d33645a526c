-- Saved versions: numbered checkpoints of a document (DESIGN.md §5). Edits are durable without them; a save
-- marks a version that others can list, read and restore, and is what webhooks announce.

CREATE TABLE saved_versions (
    document_id       TEXT    NOT NULL REFERENCES documents (id),
    number            INTEGER NOT NULL CHECK (number >= 1),       -- 1, 2, ... per document
    document_version  INTEGER NOT NULL CHECK (document_version >= 0),
    -- what the save before captured (0 for the first): the change since is the ops in between
    previous_version  INTEGER NOT NULL CHECK (previous_version >= 0),
    title             TEXT    NOT NULL,
    save_trigger      TEXT    NOT NULL CHECK (save_trigger IN ('explicit', 'auto', 'api')),
    saved_by          TEXT    NOT NULL,
    saved_at          INTEGER NOT NULL,                            -- microseconds since the epoch
    label             TEXT    NULL,
    PRIMARY KEY (document_id, number)
);
