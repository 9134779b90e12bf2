-- Webhook events as received (the exact signed body), with their delivery state, so a crash after
-- Notion got its 2xx loses nothing and a redelivery (same id) is recognised.
CREATE TABLE webhook_event (
  id              TEXT     NOT NULL PRIMARY KEY,  -- Notion's event id
  type            TEXT     NOT NULL,
  workspace_id    TEXT     NOT NULL,
  received_at     BIGINT   NOT NULL,
  body            TEXT     NOT NULL,
  status          TEXT     NOT NULL,              -- PENDING, DELIVERED, UNMATCHED, FAILED
  attempts        SMALLINT NOT NULL,
  next_attempt_at BIGINT   NOT NULL,              -- due time, or the claim's lease while delivering
  last_error      TEXT,                           -- an exception class name, never a message
  installations   TEXT     NOT NULL,              -- bot ids it was routed to, space-separated
  kept            SMALLINT NOT NULL               -- 1: kept past retention by the store consumer
);
CREATE INDEX webhook_event_due ON webhook_event (status, next_attempt_at);
CREATE INDEX webhook_event_received_at ON webhook_event (received_at);

-- The one verification token (sealed like tokens) and the operator's capture window.
CREATE TABLE webhook_verification (
  id            SMALLINT NOT NULL PRIMARY KEY,    -- always 1
  token         TEXT,                             -- sealed: v1.<key id>.<nonce+ciphertext+tag>
  received_at   BIGINT,
  shown         SMALLINT NOT NULL,
  capture_until BIGINT
);
INSERT INTO webhook_verification (id, token, received_at, shown, capture_until)
  VALUES (1, NULL, NULL, 0, NULL);
