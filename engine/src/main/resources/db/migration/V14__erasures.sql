-- Erasure requests. The subject is never stored in clear: the id and subject_hash derive from its SHA-256.
CREATE TABLE erasures (
  id            TEXT PRIMARY KEY,
  subject_hash  TEXT NOT NULL UNIQUE,
  status        TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  requested_by  TEXT NOT NULL,
  report        JSONB,
  error         TEXT,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at      TIMESTAMPTZ
);
