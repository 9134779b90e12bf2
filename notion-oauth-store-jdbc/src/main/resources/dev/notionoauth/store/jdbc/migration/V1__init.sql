-- One schema for SQLite and PostgreSQL: TEXT, BIGINT (epoch milliseconds) and SMALLINT only.

CREATE TABLE oauth_state (
  state_hash   TEXT     NOT NULL PRIMARY KEY,  -- SHA-256 of the state, hex
  binding_hash TEXT     NOT NULL,              -- SHA-256 of the browser binding, hex
  context      TEXT     NOT NULL,              -- the host app's context, JSON
  created_at   BIGINT   NOT NULL,
  expires_at   BIGINT   NOT NULL,
  consumed_at  BIGINT
);
CREATE INDEX oauth_state_expires_at ON oauth_state (expires_at);

CREATE TABLE installation (
  bot_id                 TEXT     NOT NULL PRIMARY KEY,
  workspace_id           TEXT     NOT NULL,
  workspace_name         TEXT,
  workspace_icon         TEXT,
  owner                  TEXT     NOT NULL,    -- Notion's owner object, JSON
  duplicated_template_id TEXT,
  context                TEXT     NOT NULL,    -- the host app's context, JSON
  bound                  SMALLINT NOT NULL,
  access_token           TEXT     NOT NULL,    -- sealed: v1.<key id>.<nonce+ciphertext+tag>
  refresh_token          TEXT,                 -- sealed, or null
  key_id                 TEXT     NOT NULL,
  status                 TEXT     NOT NULL,
  token_version          BIGINT   NOT NULL,
  created_at             BIGINT   NOT NULL,
  updated_at             BIGINT   NOT NULL,
  refreshed_at           BIGINT,
  lease_owner            TEXT,                 -- who is refreshing, until lease_until
  lease_until            BIGINT
);
CREATE INDEX installation_workspace_id ON installation (workspace_id);

CREATE TABLE installation_context (
  bot_id    TEXT NOT NULL REFERENCES installation (bot_id) ON DELETE CASCADE,
  ctx_key   TEXT NOT NULL,
  ctx_value TEXT NOT NULL,
  PRIMARY KEY (bot_id, ctx_key)
);
CREATE INDEX installation_context_lookup ON installation_context (ctx_key, ctx_value);
