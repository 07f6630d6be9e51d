-- Identities and access: users (people and service accounts), their roles (global or per model), and API tokens
-- (stored as SHA-256 of their secret; the secret is shown once). Runs remember who started them, for separation of
-- duties at approval.

CREATE TABLE users (
  name        TEXT PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}$'),
  created_by  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- model '*' grants the role on every model
CREATE TABLE role_grants (
  user_name   TEXT NOT NULL REFERENCES users (name),
  role        TEXT NOT NULL CHECK (role IN ('viewer', 'data-scientist', 'approver', 'operator', 'admin')),
  model       TEXT NOT NULL DEFAULT '*',
  granted_by  TEXT NOT NULL,
  granted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (user_name, role, model)
);

-- kind 'serving': may call predict and feedback of one model, nothing else
CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL REFERENCES users (name),
  secret_hash  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('user', 'serving')),
  model        TEXT,
  description  TEXT,
  created_by   TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ NOT NULL,
  revoked_at   TIMESTAMPTZ,
  CHECK ((kind = 'serving') = (model IS NOT NULL))
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_name);

ALTER TABLE runs ADD COLUMN started_by TEXT;
