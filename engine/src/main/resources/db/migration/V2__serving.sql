-- Serving: deployments (append-only history) and the current serving state per model, the prediction log and
-- feedback on predictions (both subject to retention).

-- Every change of serving_state takes the next value, so a poller asks "anything above what I have?" cheaply.
CREATE SEQUENCE serving_generation;

CREATE TABLE deployments (
  id              BIGSERIAL PRIMARY KEY,
  model_id        BIGINT NOT NULL REFERENCES models (id),
  version         INT NOT NULL,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('deploy', 'rollback', 'canary-start', 'canary-promote', 'canary-abort')),
  canary_version  INT,
  canary_share    DOUBLE PRECISION NOT NULL DEFAULT 0,
  actor           TEXT NOT NULL,
  reason          TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
CREATE INDEX deployments_by_model ON deployments (model_id, id DESC);

-- What each model serves now: the champion version and an optional canary with its share of requests.
CREATE TABLE serving_state (
  model_id        BIGINT PRIMARY KEY REFERENCES models (id),
  version         INT NOT NULL,
  canary_version  INT,
  canary_share    DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (canary_share >= 0 AND canary_share < 1),
  generation      BIGINT NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version),
  FOREIGN KEY (model_id, canary_version) REFERENCES model_versions (model_id, version)
);
CREATE INDEX serving_state_generation ON serving_state (generation);

-- Written in batches by one writer thread; no foreign key to models, to keep those inserts cheap.
CREATE TABLE prediction_log (
  prediction_id   UUID PRIMARY KEY,
  model_id        BIGINT NOT NULL,
  version         INT NOT NULL,
  inputs          JSONB NOT NULL,
  output          JSONB NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX prediction_log_recent ON prediction_log (model_id, created_at DESC);
CREATE INDEX prediction_log_created ON prediction_log (created_at);

-- The true outcome of a prediction, with what was predicted copied beside it for cheap live-quality queries.
CREATE TABLE prediction_feedback (
  prediction_id   UUID PRIMARY KEY REFERENCES prediction_log (prediction_id) ON DELETE CASCADE,
  model_id        BIGINT NOT NULL,
  version         INT NOT NULL,
  actual_label    TEXT,
  actual_value    DOUBLE PRECISION,
  predicted_label TEXT,
  predicted_value DOUBLE PRECISION,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prediction_feedback_recent ON prediction_feedback (model_id, version, created_at DESC);
