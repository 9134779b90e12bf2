-- Notion's client-side limits shared by every instance on PostgreSQL: one token bucket per
-- installation and per workspace (SQLite serves one instance, which keeps its buckets in memory).
CREATE TABLE rate_bucket (
  name         TEXT              NOT NULL PRIMARY KEY,  -- installation:<bot id>, workspace:<id>
  permits      DOUBLE PRECISION  NOT NULL,
  refilled_at  BIGINT            NOT NULL,              -- the database's clock, microseconds
  paused_until BIGINT            NOT NULL               -- Notion's Retry-After, same clock
);
