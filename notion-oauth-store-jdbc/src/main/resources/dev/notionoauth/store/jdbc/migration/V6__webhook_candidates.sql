-- Verification requests are candidates until an operator confirms one (security review 2026-12b,
-- H1): none is trusted because it arrived first.
CREATE TABLE webhook_candidate (
  number      INTEGER NOT NULL PRIMARY KEY,   -- 1, 2, ... within the capture window
  token       TEXT    NOT NULL,               -- sealed like the verification token
  received_at BIGINT  NOT NULL,
  remote      TEXT    NOT NULL                -- the client address it came from
);

-- A token stored before this version was trusted because it came first: it becomes candidate 1,
-- used only once an operator confirms it (`webhooks confirm 1`).
INSERT INTO webhook_candidate (number, token, received_at, remote)
  SELECT 1, token, COALESCE(received_at, 0), 'stored before the upgrade'
  FROM webhook_verification WHERE id = 1 AND token IS NOT NULL;
UPDATE webhook_verification SET token = NULL, received_at = NULL, capture_until = NULL;
ALTER TABLE webhook_verification DROP COLUMN shown;
ALTER TABLE webhook_verification ADD COLUMN confirmed_at BIGINT;
