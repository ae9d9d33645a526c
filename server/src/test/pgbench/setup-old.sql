-- The documents and ops tables as V1 made them (the store before V13), for head-update.sh.
drop schema if exists pgb_old cascade; create schema pgb_old; set search_path=pgb_old;
CREATE TABLE documents (id text NOT NULL PRIMARY KEY, title text NOT NULL, version bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, deleted_at timestamptz NULL);
CREATE INDEX documents_live_by_updated ON documents (updated_at DESC, id) WHERE deleted_at IS NULL;
CREATE TABLE ops (document_id text NOT NULL REFERENCES documents (id), version bigint NOT NULL, client_id text NOT NULL, client_seq bigint NOT NULL, delta text NOT NULL, author text NOT NULL, committed_at timestamptz NOT NULL, PRIMARY KEY (document_id, version), UNIQUE (document_id, client_id, client_seq));
insert into documents values ('load-bh1y-0', 't', 0, now(), now());
