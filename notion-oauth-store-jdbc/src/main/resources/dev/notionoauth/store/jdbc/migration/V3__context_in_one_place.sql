-- An installation's context is kept once: in its installation_context rows, which lookups by
-- context use through their index. The JSON copy in installation.context (written alongside them
-- in the same transaction until now) goes.
ALTER TABLE installation DROP COLUMN context;
