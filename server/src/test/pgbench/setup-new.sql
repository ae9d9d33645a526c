-- The documents and ops tables after V13 (no index on updated_at, fillfactor 50), for head-update.sh.
drop schema if exists pgb_new cascade; create schema pgb_new; set search_path=pgb_new;
CREATE TABLE documents (id text NOT NULL PRIMARY KEY, title text NOT NULL, version bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, deleted_at timestamptz NULL);
CREATE TABLE ops (document_id text NOT NULL REFERENCES documents (id), version bigint NOT NULL, client_id text NOT NULL, client_seq bigint NOT NULL, delta text NOT NULL, author text NOT NULL, committed_at timestamptz NOT NULL, PRIMARY KEY (document_id, version), UNIQUE (document_id, client_id, client_seq));
insert into documents values ('load-bh1y-0', 't', 0, now(), now());
ALTER TABLE documents SET (fillfactor = 50);
