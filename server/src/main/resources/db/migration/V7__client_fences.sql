-- A client's lowest acceptable seq on a document (docs/cluster.md, "A join while an op is being committed
-- elsewhere"): the same contract as on PostgreSQL. A node alone never writes one (its hub knows every message in
-- flight), so the table stays empty there and appends do not read it (the writer knows whether it has rows).
CREATE TABLE client_fences (
    document_id TEXT    NOT NULL REFERENCES documents (id),
    client_id   TEXT    NOT NULL,
    lowest_seq  INTEGER NOT NULL CHECK (lowest_seq >= 2),
    PRIMARY KEY (document_id, client_id)
);
