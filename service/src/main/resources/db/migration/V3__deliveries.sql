-- One row per delivery (execution × channel × event, keyed by DeliveryKey.id()): the claim that keeps two attempts
-- from sending at once, and the mark that it was delivered, after which it is never sent again.
CREATE TABLE deliveries (
  id            uuid PRIMARY KEY,
  claimed_until timestamptz,
  delivered_at  timestamptz,
  created_at    timestamptz NOT NULL
);

-- Every attempt, for the owner to see (GET /api/v1/notifications/deliveries).
CREATE TABLE delivery_attempts (
  id           bigserial PRIMARY KEY,
  delivery_id  uuid        NOT NULL,
  user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  task_id      uuid        REFERENCES tasks (id) ON DELETE CASCADE,
  execution_id uuid,
  event        text        NOT NULL,
  channel      text        NOT NULL CHECK (channel IN ('email', 'webhook')),
  target       text        NOT NULL,
  attempt      integer     NOT NULL CHECK (attempt >= 1),
  status_code  integer,
  error        text,
  result       text        NOT NULL CHECK (result IN ('delivered', 'failed', 'retrying', 'refused', 'rate_limited')),
  created_at   timestamptz NOT NULL
);
CREATE INDEX delivery_attempts_user ON delivery_attempts (user_id, created_at DESC, id DESC);
CREATE INDEX delivery_attempts_task ON delivery_attempts (task_id, created_at DESC, id DESC);
-- The email limits count delivered emails per recipient and per user.
CREATE INDEX delivery_attempts_email_to ON delivery_attempts (lower(target), created_at)
  WHERE channel = 'email' AND result = 'delivered';
CREATE INDEX delivery_attempts_email_for ON delivery_attempts (user_id, created_at)
  WHERE channel = 'email' AND result = 'delivered';
