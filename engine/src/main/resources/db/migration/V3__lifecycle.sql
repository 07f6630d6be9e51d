-- Lifecycle: approvals, the model timeline, and monitoring (drift) reports.

CREATE TABLE approvals (
  run_id      TEXT PRIMARY KEY REFERENCES runs (id),
  model_id    BIGINT NOT NULL REFERENCES models (id),
  version     INT,
  decision    TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
  actor       TEXT NOT NULL,
  comment     TEXT,
  decided_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE lifecycle_events (
  id          BIGSERIAL PRIMARY KEY,
  model_id    BIGINT NOT NULL REFERENCES models (id),
  at          TIMESTAMPTZ NOT NULL,
  kind        TEXT NOT NULL,
  message     TEXT NOT NULL,
  run_id      TEXT,
  UNIQUE (model_id, at, kind, message)
);
CREATE INDEX lifecycle_events_recent ON lifecycle_events (model_id, at DESC);

CREATE TABLE drift_reports (
  id            BIGSERIAL PRIMARY KEY,
  model_id      BIGINT NOT NULL REFERENCES models (id),
  version       INT,
  window_size   INT NOT NULL,
  drifted       BOOLEAN NOT NULL,
  tripped       BOOLEAN NOT NULL,
  reason        TEXT,
  live_accuracy DOUBLE PRECISION,
  report        JSONB NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX drift_reports_recent ON drift_reports (model_id, created_at DESC);
