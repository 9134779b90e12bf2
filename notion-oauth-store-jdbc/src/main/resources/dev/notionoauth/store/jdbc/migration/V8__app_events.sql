-- The outbox of events to the app (Standard Webhooks): written right after the installation change
-- it reports, sent in the background, kept as dead letters after the last attempt.
CREATE TABLE app_event (
  id              TEXT     NOT NULL PRIMARY KEY,   -- webhook-id, the same on every attempt
  type            TEXT     NOT NULL,
  created_at      BIGINT   NOT NULL,
  body            TEXT     NOT NULL,               -- ids and context only, never a token
  status          TEXT     NOT NULL,               -- PENDING, DELIVERED, DEAD
  attempts        INTEGER  NOT NULL,
  next_attempt_at BIGINT   NOT NULL,
  last_error      TEXT
);
CREATE INDEX app_event_due ON app_event (status, next_attempt_at);
CREATE INDEX app_event_created ON app_event (created_at);
