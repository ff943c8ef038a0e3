-- Every obligation stays in PostgreSQL until it is met (architecture.md §5): a delivery is stored with the
-- check's outcome, in the same transaction, with its payload, its attempts and its next attempt, so a restart
-- of the service or of Temporal resumes it.
ALTER TABLE deliveries
  ADD COLUMN task_id         uuid REFERENCES tasks (id) ON DELETE CASCADE,
  ADD COLUMN payload         jsonb,
  ADD COLUMN attempts        integer NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN finished_at     timestamptz;

-- Rows from before held only claims of deliveries whose workflows owned them: nothing is owed for them.
UPDATE deliveries SET finished_at = COALESCE(delivered_at, created_at);

CREATE INDEX deliveries_owed_by_task ON deliveries (task_id) WHERE finished_at IS NULL;
CREATE INDEX deliveries_owed_due ON deliveries (next_attempt_at) WHERE finished_at IS NULL;

-- Failures in a row, so a rebuilt monitor raises task.failing and task.recovered as the lost one would have.
ALTER TABLE tasks ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0;
