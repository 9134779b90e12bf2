-- The operator console: operators (a bcrypt hash of each password, never the password) and their
-- sessions (the SHA-256 of each session cookie, never the cookie; a CSRF token per session).
CREATE TABLE operator (
  name          TEXT    NOT NULL PRIMARY KEY,
  password_hash TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL
);
CREATE TABLE console_session (
  id_hash       TEXT    NOT NULL PRIMARY KEY,
  operator      TEXT    NOT NULL,
  csrf          TEXT    NOT NULL,
  created_at    BIGINT  NOT NULL,
  last_seen_at  BIGINT  NOT NULL
);
CREATE INDEX console_session_operator ON console_session (operator);
-- the console's installation search and status filter, in pages by bot id
CREATE INDEX installation_context_value ON installation_context (ctx_value);
CREATE INDEX installation_status ON installation (status, bot_id);
-- covers the name search (a scan of names, not of rows) and the installs-per-hour chart
CREATE INDEX installation_workspace_name ON installation (workspace_name, status, bot_id);
CREATE INDEX installation_created_at ON installation (created_at);
