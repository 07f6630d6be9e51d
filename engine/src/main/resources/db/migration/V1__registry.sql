-- Keel's system of record: datasets and their immutable versions, models, runs, model versions and aliases.

CREATE TABLE datasets (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A version is the SHA-256 of the dataset's canonical content; it is also the artifact's address.
CREATE TABLE dataset_versions (
  dataset_id  BIGINT NOT NULL REFERENCES datasets (id),
  version     TEXT NOT NULL CHECK (version ~ '^sha256:[0-9a-f]{64}$'),
  row_count   BIGINT NOT NULL,
  columns     JSONB NOT NULL,
  profile     JSONB NOT NULL,
  source      TEXT NOT NULL,
  size_bytes  BIGINT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset_id, version)
);
CREATE INDEX dataset_versions_recent ON dataset_versions (dataset_id, created_at DESC);

CREATE TABLE models (
  id          BIGSERIAL PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  task        TEXT NOT NULL CHECK (task IN ('classification', 'regression')),
  definition  JSONB NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Keel's run index (the developer Temporal server has no visibility queries). The id is the workflow id.
CREATE TABLE runs (
  id               TEXT PRIMARY KEY,
  model_id         BIGINT NOT NULL REFERENCES models (id),
  request_key      TEXT,
  pipeline         TEXT NOT NULL,
  dataset_name     TEXT NOT NULL,
  dataset_version  TEXT NOT NULL,
  spec             JSONB NOT NULL,
  status           TEXT NOT NULL,
  stage            TEXT,
  stages           JSONB NOT NULL DEFAULT '[]',
  metrics          JSONB,
  champion_metrics JSONB,
  gates            JSONB,
  model_version    INT,
  error            TEXT,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at         TIMESTAMPTZ,
  UNIQUE (model_id, request_key)
);
CREATE INDEX runs_by_model ON runs (model_id, created_at DESC);
CREATE INDEX runs_in_flight ON runs (status) WHERE status = 'RUNNING';

CREATE TABLE model_versions (
  model_id    BIGINT NOT NULL REFERENCES models (id),
  version     INT NOT NULL,
  run_id      TEXT NOT NULL UNIQUE REFERENCES runs (id),
  artifact    TEXT NOT NULL,
  signature   JSONB NOT NULL,
  metrics     JSONB NOT NULL,
  gates       JSONB NOT NULL,
  lineage     JSONB NOT NULL,
  status      TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, version)
);

CREATE TABLE model_aliases (
  model_id    BIGINT NOT NULL,
  alias       TEXT NOT NULL,
  version     INT NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (model_id, alias),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version)
);
