-- API keys of the server's HTTP API: only the SHA-256 of each secret is kept (hex), never the secret.
CREATE TABLE api_key (
  name         TEXT   NOT NULL PRIMARY KEY,
  secret_hash  TEXT   NOT NULL UNIQUE,      -- lower-case hex SHA-256 of the secret
  scopes       TEXT   NOT NULL,             -- space-separated, e.g. "installations:read tokens:read"
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);
