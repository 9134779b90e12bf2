-- Which installations each webhook event was routed to, indexed by installation: the console shows
-- an installation's recent events without scanning every event.
CREATE TABLE webhook_event_route (
  bot_id      TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  received_at BIGINT  NOT NULL,
  PRIMARY KEY (bot_id, event_id)
);
CREATE INDEX webhook_event_route_recent ON webhook_event_route (bot_id, received_at);
CREATE INDEX webhook_event_route_event ON webhook_event_route (event_id);
