-- Rendered result pages, so the redirect after a callback can land on any instance.
CREATE TABLE result_page (
  id_hash    TEXT    NOT NULL PRIMARY KEY,  -- SHA-256 of the page id in the URL, hex
  status     INTEGER NOT NULL,
  headers    TEXT    NOT NULL,              -- JSON object of header name to value
  body       TEXT    NOT NULL,
  expires_at BIGINT  NOT NULL
);
CREATE INDEX result_page_expires_at ON result_page (expires_at);
