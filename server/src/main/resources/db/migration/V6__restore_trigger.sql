-- A restore is recorded as what it is (docs/rest.md, "Saved versions"): trigger 'restore', saved by the restorer.
-- SQLite cannot change a CHECK constraint in place, so the table is built again with the wider one.

CREATE TABLE saved_versions_new (
    document_id       TEXT    NOT NULL REFERENCES documents (id),
    number            INTEGER NOT NULL CHECK (number >= 1),       -- 1, 2, ... per document
    document_version  INTEGER NOT NULL CHECK (document_version >= 0),
    -- what the save before captured (0 for the first): the change since is the ops in between
    previous_version  INTEGER NOT NULL CHECK (previous_version >= 0),
    title             TEXT    NOT NULL,
    save_trigger      TEXT    NOT NULL CHECK (save_trigger IN ('explicit', 'auto', 'api', 'restore')),
    saved_by          TEXT    NOT NULL,
    saved_at          INTEGER NOT NULL,                            -- microseconds since the epoch
    label             TEXT    NULL,
    PRIMARY KEY (document_id, number)
);

INSERT INTO saved_versions_new (document_id, number, document_version, previous_version, title, save_trigger, saved_by,
                                saved_at, label)
SELECT document_id, number, document_version, previous_version, title, save_trigger, saved_by, saved_at, label
FROM saved_versions;

DROP TABLE saved_versions;

ALTER TABLE saved_versions_new RENAME TO saved_versions;
