-- An installation's health: ACTIVE, NEEDS_REAUTH or REVOKED, since when and why.
ALTER TABLE installation ADD COLUMN status_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE installation ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
UPDATE installation SET status = 'NEEDS_REAUTH', status_reason = 'inactive before the upgrade'
  WHERE status = 'INACTIVE';
UPDATE installation SET status_since = updated_at WHERE status_since = 0;
