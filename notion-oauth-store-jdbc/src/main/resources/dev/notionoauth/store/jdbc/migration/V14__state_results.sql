-- The result page a used state's flow ended on, written in the callback's commit: a repeat of the
-- callback by the same browser (a reload, or a load balancer retrying it after an instance died
-- before answering) shows that page instead of "already used". Gone with the state.
ALTER TABLE oauth_state ADD COLUMN result_page_id TEXT;
