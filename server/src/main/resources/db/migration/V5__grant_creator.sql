-- Who made a share link (docs/security.md): the creating credential's reference, e.g. "admin", "api-token:tok_...",
-- "integration-jwt:user-42". NULL for API tokens and for links made before it was recorded.

ALTER TABLE access_grants ADD COLUMN created_by TEXT NULL;
