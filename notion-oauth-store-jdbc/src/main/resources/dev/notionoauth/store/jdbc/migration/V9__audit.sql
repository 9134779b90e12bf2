-- The audit trail of the HTTP API: who called which route for which installation, the status and
-- the latency. Never a body, a token or a key. Kept for api.audit-retention, then deleted.
CREATE TABLE audit_entry (
  id             TEXT     NOT NULL PRIMARY KEY,   -- hex milliseconds + random: sorts like `at`
  at             BIGINT   NOT NULL,
  actor_kind     TEXT     NOT NULL,               -- key, operator, anonymous
  actor_name     TEXT     NOT NULL,
  address        TEXT     NOT NULL,
  method         TEXT     NOT NULL,
  route          TEXT     NOT NULL,               -- the route template, never the raw path
  bot_id         TEXT,
  status         INTEGER  NOT NULL,
  latency_micros BIGINT   NOT NULL
);
CREATE INDEX audit_entry_bot ON audit_entry (bot_id, id);
CREATE INDEX audit_entry_actor ON audit_entry (actor_name, id);
CREATE INDEX audit_entry_at ON audit_entry (at);
