-- The writer's transaction before V13: each append updates the head in its own savepoint (head-update.sh).
BEGIN;
SELECT id FROM documents WHERE id = ANY (array['load-bh1y-0']) ORDER BY id FOR UPDATE;
SAVEPOINT a;
SELECT version AS v FROM documents WHERE id = 'load-bh1y-0' AND deleted_at IS NULL \gset
INSERT INTO ops VALUES ('load-bh1y-0', :v + 1, 'c' || :client_id, :v + 1, '[{"insert":"x"}]', 'someone', now());
INSERT INTO ops VALUES ('load-bh1y-0', :v + 2, 'c' || :client_id, :v + 2, '[{"insert":"x"}]', 'someone', now());
UPDATE documents SET version = :v + 2, updated_at = now() WHERE id = 'load-bh1y-0';
RELEASE SAVEPOINT a;
SAVEPOINT b;
SELECT version AS v FROM documents WHERE id = 'load-bh1y-0' AND deleted_at IS NULL \gset
INSERT INTO ops VALUES ('load-bh1y-0', :v + 1, 'c' || :client_id, :v + 1, '[{"insert":"x"}]', 'someone', now());
INSERT INTO ops VALUES ('load-bh1y-0', :v + 2, 'c' || :client_id, :v + 2, '[{"insert":"x"}]', 'someone', now());
UPDATE documents SET version = :v + 2, updated_at = now() WHERE id = 'load-bh1y-0';
RELEASE SAVEPOINT b;
SELECT pg_notify('quire_commits_pgb', 'load-bh1y-0 ' || :v);
COMMIT;
