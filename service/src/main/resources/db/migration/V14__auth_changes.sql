-- Every process caches the owners of API keys it has seen (architecture.md §8, "The key cache") and drops its
-- cache when PostgreSQL tells it that a key or a user changed. The triggers tell, so a change made anywhere
-- (the API of any process, a script, an operator in psql, a cascade) reaches every cache. A key's use mark
-- (last_used_at) is not a change: only the columns authentication reads fire the trigger. The payload is the
-- changing transaction's id: each listener answers it on torale_auth_acked once its cache is dropped, and the API
-- that revoked a key waits for every listener's answer before it replies.
CREATE FUNCTION torale_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('torale_auth_changed', txid_current()::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_auth_changed
  AFTER UPDATE OF revoked_at, key_hash, user_id OR DELETE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION torale_auth_changed();
CREATE TRIGGER api_keys_auth_truncated
  AFTER TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION torale_auth_changed();
CREATE TRIGGER users_auth_changed
  AFTER UPDATE OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION torale_auth_changed();
CREATE TRIGGER users_auth_truncated
  AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION torale_auth_changed();
