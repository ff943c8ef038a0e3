-- Users and their API keys (architecture.md §4: keys stored as SHA-256 digests with a display prefix).
CREATE TABLE users (
  id         uuid PRIMARY KEY,
  email      text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320),
  is_admin   boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY,
  user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  key_hash     text        NOT NULL UNIQUE,
  key_prefix   text        NOT NULL,
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- Tasks: what the API serves. The workflow task-<id> holds the schedule; next_run mirrors it.
CREATE TABLE tasks (
  id                    uuid PRIMARY KEY,
  user_id               uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name                  text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  search_query          text        NOT NULL CHECK (char_length(search_query) BETWEEN 1 AND 2000),
  condition_description text        NOT NULL CHECK (char_length(condition_description) BETWEEN 1 AND 2000),
  state                 text        NOT NULL CHECK (state IN ('active', 'paused', 'completed')),
  next_run              timestamptz,
  is_public             boolean     NOT NULL DEFAULT false,
  view_count            integer     NOT NULL DEFAULT 0 CHECK (view_count >= 0),
  subscriber_count      integer     NOT NULL DEFAULT 0 CHECK (subscriber_count >= 0),
  forked_from_task_id   uuid REFERENCES tasks (id) ON DELETE SET NULL,
  last_known_state      jsonb,
  last_execution_id     uuid,
  last_notified_answer  text,
  notifications         jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(notifications) = 'array'),
  state_changed_at      timestamptz NOT NULL,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz,
  CONSTRAINT tasks_user_name_key UNIQUE (user_id, name),
  CONSTRAINT tasks_only_active_tasks_are_scheduled CHECK (state = 'active' OR next_run IS NULL)
);
CREATE INDEX tasks_user_created ON tasks (user_id, created_at DESC);
CREATE INDEX tasks_unfinished ON tasks (state) WHERE state <> 'completed';

-- Executions: one row per check, keyed by the id its caller chose, so a retried activity never adds a second.
CREATE TABLE executions (
  id                uuid PRIMARY KEY,
  task_id           uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  status            text        NOT NULL CHECK (status IN ('pending', 'running', 'success', 'failed', 'cancelled')),
  trigger           text        NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
  started_at        timestamptz,
  completed_at      timestamptz,
  result            jsonb,
  error_message     text,
  internal_error    text,
  notification      text,
  grounding_sources jsonb,
  created_at        timestamptz NOT NULL,
  CONSTRAINT executions_finished_have_completed_at
    CHECK (status IN ('pending', 'running') OR completed_at IS NOT NULL)
);
CREATE INDEX executions_task_created ON executions (task_id, created_at DESC);
CREATE INDEX executions_task_notified ON executions (task_id, created_at DESC) WHERE notification IS NOT NULL;

ALTER TABLE tasks
  ADD CONSTRAINT tasks_last_execution_fk FOREIGN KEY (last_execution_id) REFERENCES executions (id) ON DELETE SET NULL;
