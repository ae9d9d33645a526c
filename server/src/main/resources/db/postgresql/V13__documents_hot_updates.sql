-- Every group commit that appends moves its documents' heads: an UPDATE of version and updated_at on a busy
-- document's row several times a second. With updated_at indexed, none of those updates could be HOT: each one
-- wrote a new entry in both of the table's indexes and left a dead version that only a vacuum removes, so every
-- head read, row lock and foreign-key check of an op walked more of them as a run went on (docs/benchmarks.md,
-- "Cluster mode: PostgreSQL's cost per op"). Without that index the updates are HOT: the new version stays on the
-- row's page, no index changes, and the next reader of the page prunes the dead ones.
--
-- The list of documents (all of them, newest first) sorts the live rows instead of reading them in index order:
-- it reads every row either way.
DROP INDEX documents_live_by_updated;

-- Room on each page for the new versions of its rows, so that an update stays HOT on a full page too (the rows are
-- small and few: ids, titles, instants).
ALTER TABLE documents SET (fillfactor = 50);
