-- A manual run's options, so a run accepted before a restart runs again as it was asked.
ALTER TABLE executions ADD COLUMN suppress_notifications boolean NOT NULL DEFAULT false;
