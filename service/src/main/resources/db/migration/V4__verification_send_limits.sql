-- Verification sends are now limited per address across all users (and per user across addresses):
-- the per-address count needs its own index; (user_id, email, sent_at) serves the per-user one.
CREATE INDEX email_verification_sends_address ON email_verification_sends (email, sent_at);
