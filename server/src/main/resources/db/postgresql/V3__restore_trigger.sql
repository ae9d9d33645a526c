-- A restore is recorded as what it is (docs/rest.md, "Saved versions"): trigger 'restore', saved by the restorer.

ALTER TABLE saved_versions DROP CONSTRAINT saved_versions_save_trigger_check;
ALTER TABLE saved_versions ADD CONSTRAINT saved_versions_save_trigger_check
    CHECK (save_trigger IN ('explicit', 'auto', 'api', 'restore'));
