-- The reconciler's steady pass (architecture.md §2) reads only what a lost monitor leaves behind, each a narrow
-- range of a small index: active tasks whose next run is overdue, in (next_run, id) order for paging, and manual
-- runs still pending long after the API accepted them (a pending row lives only until its check begins).
CREATE INDEX tasks_active_next_run ON tasks (next_run, id) WHERE state = 'active';
CREATE INDEX executions_pending ON executions (created_at) WHERE status = 'pending';
