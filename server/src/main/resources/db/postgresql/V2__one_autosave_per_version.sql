-- Every node with a document open autosaves it: one saved version per document version made automatically, whichever
-- node gets there first (the store answers the others with it).
CREATE UNIQUE INDEX saved_versions_one_autosave ON saved_versions (document_id, document_version)
    WHERE save_trigger = 'auto';
