-- Feeds (architecture.md §4). Each task has at most one private feed token; a rotation replaces the row, so
-- the old token stops working at once. The token is kept as issued, like a webhook's secret, because the
-- owner's task view shows the working feed URL (the issue's feed_url), not only once.
CREATE TABLE feed_tokens (
  task_id    uuid PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE,
  token      text        NOT NULL,
  created_at timestamptz NOT NULL
);

-- The public task list, sorted by creation (recent) or by view_count (popular), reads only public tasks.
CREATE INDEX tasks_public_recent ON tasks (created_at DESC, id) WHERE is_public;
CREATE INDEX tasks_public_popular ON tasks (view_count DESC, created_at DESC, id) WHERE is_public;
