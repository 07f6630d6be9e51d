-- A model's retraining schedule: the system of record for its ModelSchedule workflow, which the engine starts from
-- here at start-up (a Temporal dev server forgets its workflows on restart).
CREATE TABLE model_schedules (
  model_id    BIGINT PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
  cron        TEXT NOT NULL,
  overlap     TEXT NOT NULL CHECK (overlap IN ('skip', 'buffer')),
  timezone    TEXT NOT NULL,
  paused      BOOLEAN NOT NULL DEFAULT false,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_by  TEXT
);
