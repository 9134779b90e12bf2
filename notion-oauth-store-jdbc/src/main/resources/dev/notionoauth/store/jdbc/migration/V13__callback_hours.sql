-- Callbacks per hour by outcome, for the console's chart: each instance adds what its counters
-- gained since its last write (every 30 s), so the rows are the sum over every instance. Kept two
-- days (store maintenance deletes older hours).
CREATE TABLE callback_hour (
  hour_start BIGINT NOT NULL,  -- the hour's first millisecond, UTC
  outcome    TEXT   NOT NULL,  -- authorized, denied or failed
  callbacks  BIGINT NOT NULL,
  PRIMARY KEY (hour_start, outcome)
);
