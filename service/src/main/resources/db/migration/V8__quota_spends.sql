-- The rate quotas' ledger: one row per manual run, webhook test or check of a user. Apart from executions, so
-- that deleting a task does not give its runs back; each spend drops the user's rows its window no longer counts.
CREATE TABLE quota_spends (
  user_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind     text        NOT NULL CHECK (kind IN ('manual_run', 'webhook_test', 'check')),
  spent_at timestamptz NOT NULL
);
CREATE INDEX quota_spends_window ON quota_spends (user_id, kind, spent_at);
