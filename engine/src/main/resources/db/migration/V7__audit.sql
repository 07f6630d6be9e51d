-- The audit log: every state-changing API call and every lifecycle decision, append-only and hash-chained. Each
-- row's hash covers its own fields and the previous row's hash, so editing or deleting a row breaks the chain from
-- there on. detail is TEXT (not JSONB) so that it is hashed exactly as written.

CREATE TABLE audit_log (
  id          BIGINT PRIMARY KEY,
  at          TIMESTAMPTZ NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  request_id  TEXT,
  detail      TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
