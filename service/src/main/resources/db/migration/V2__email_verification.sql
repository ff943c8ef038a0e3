-- Addresses a user proved they own (architecture.md §4: a task's email goes to the account address or a verified one).
CREATE TABLE verified_emails (
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email       text        NOT NULL,
  verified_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, email)
);

-- One pending code per (user, address): 6 digits, stored as a digest, 15 minutes, 5 tries.
CREATE TABLE email_verification_codes (
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email      text        NOT NULL,
  code_hash  text        NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts   integer     NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, email)
);

-- Every code sent, to hold sends to 3 per address per hour.
CREATE TABLE email_verification_sends (
  user_id uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email   text        NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX email_verification_sends_recent ON email_verification_sends (user_id, email, sent_at);
