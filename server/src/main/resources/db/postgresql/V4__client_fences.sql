-- A client's lowest acceptable seq on a document (docs/cluster.md, "A join while an op is being committed
-- elsewhere"): written when a client joins naming a message in flight that is not in the log, so that another node's
-- late commit of that message is refused and the copy the client merges is the only one. Rare: one row per
-- (document, client) that ever rejoined mid-commit; read by every append of the client's document under its row lock.
CREATE TABLE client_fences (
    document_id text   NOT NULL REFERENCES documents (id),
    client_id   text   NOT NULL,
    lowest_seq  bigint NOT NULL CHECK (lowest_seq >= 2),
    PRIMARY KEY (document_id, client_id)
);
