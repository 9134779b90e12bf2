-- The app's own record of who connected which workspace (the tokens stay in notion-oauth's
-- sealed store; the app keeps the bot id to call Notion through Installations).
CREATE TABLE IF NOT EXISTS connected_workspace (
  user_id        TEXT NOT NULL,
  bot_id         TEXT NOT NULL PRIMARY KEY,
  workspace_name TEXT,
  connected_at   TEXT NOT NULL
);
