-- Digests and quiet hours (architecture.md §5). A task's delivery setting: null is immediate delivery, else
-- {"mode":"digest","schedule":"daily"|"weekly","at":"HH:mm","weekday":…,"timezone":…} as TaskDelivery writes it.
ALTER TABLE tasks ADD COLUMN delivery jsonb;

-- A user's delivery preferences, in a table of their own: a change to users would tell every process to drop
-- its authentication cache.
CREATE TABLE user_preferences (
  user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  quiet_from      text,
  quiet_to        text,
  quiet_timezone  text,
  urgent_failures boolean     NOT NULL DEFAULT false,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT user_preferences_quiet_hours_whole
    CHECK ((quiet_from IS NULL) = (quiet_to IS NULL) AND (quiet_from IS NULL) = (quiet_timezone IS NULL))
);

-- A held delivery waits until held_until (its digest, or the end of quiet hours; hold_reason says which) and
-- is sent by its user's digest workflow, never by its task's monitor. When it is gathered, digest_id names the
-- digest that took it (a delivery row of its own, is_digest, task_id null), or itself when it was released to
-- go out alone. user_id lets the digest workflow find its user's rows.
ALTER TABLE deliveries
  ADD COLUMN user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
  ADD COLUMN held_until  timestamptz,
  ADD COLUMN hold_reason text CHECK (hold_reason IN ('digest', 'quiet_hours')),
  ADD COLUMN digest_id   uuid,
  ADD COLUMN is_digest   boolean NOT NULL DEFAULT false;

-- Held and not gathered yet: per user for the gather, by time for the repair of lost digest workflows.
CREATE INDEX deliveries_held_by_user ON deliveries (user_id, held_until)
  WHERE held_until IS NOT NULL AND digest_id IS NULL AND finished_at IS NULL;
CREATE INDEX deliveries_held_due ON deliveries (held_until)
  WHERE held_until IS NOT NULL AND digest_id IS NULL AND finished_at IS NULL;
-- What a user's digest workflow owes: digests and released deliveries not finished yet.
CREATE INDEX deliveries_owed_by_digests ON deliveries (user_id)
  WHERE digest_id IS NOT NULL AND finished_at IS NULL;

-- Attempts of every channel type are recorded (V3 allowed only email and webhook, which refused the attempts
-- of chat channels and digests' alike).
ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_channel_check;
ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_channel_check
  CHECK (channel IN ('email', 'webhook', 'slack', 'discord', 'teams', 'ntfy', 'telegram'));
