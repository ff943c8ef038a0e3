-- Who has viewed a public task in which hour, so that view_count counts each viewer at most once an hour.
-- viewer is a SHA-256 digest of the task, the hour and the user id or client address: no raw address is
-- stored, and one viewer's rows cannot be linked across tasks or hours. Housekeeping deletes past hours.
CREATE TABLE task_views (
  task_id uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  hour    timestamptz NOT NULL,
  viewer  bytea       NOT NULL,
  PRIMARY KEY (task_id, hour, viewer)
);
CREATE INDEX task_views_hour ON task_views (hour);
