-- The writer's transaction after V13: the appends read the head, the locker updates it once at the end (head-update.sh).
BEGIN;
SELECT id FROM documents WHERE id = ANY (array['load-bh1y-0']) ORDER BY id FOR UPDATE;
SAVEPOINT a;
SELECT version AS v FROM documents WHERE id = 'load-bh1y-0' AND deleted_at IS NULL \gset
INSERT INTO ops VALUES ('load-bh1y-0', :v + 1, 'c' || :client_id, :v + 1, '[{"insert":"x"}]', 'someone', now());
INSERT INTO ops VALUES ('load-bh1y-0', :v + 2, 'c' || :client_id, :v + 2, '[{"insert":"x"}]', 'someone', now());
RELEASE SAVEPOINT a;
SAVEPOINT b;
SELECT version AS w FROM documents WHERE id = 'load-bh1y-0' AND deleted_at IS NULL \gset
INSERT INTO ops VALUES ('load-bh1y-0', :v + 3, 'c' || :client_id, :v + 3, '[{"insert":"x"}]', 'someone', now());
INSERT INTO ops VALUES ('load-bh1y-0', :v + 4, 'c' || :client_id, :v + 4, '[{"insert":"x"}]', 'someone', now());
RELEASE SAVEPOINT b;
SELECT version AS w FROM documents WHERE id = 'load-bh1y-0' AND deleted_at IS NULL \gset
UPDATE documents SET version = :v + 4, updated_at = GREATEST(updated_at, now()) WHERE id = 'load-bh1y-0';
SELECT pg_notify('quire_commits_pgb', 'load-bh1y-0 ' || :v);
COMMIT;
