-- Experiment tracking with MLflow's data model: experiments, runs, metric history, params and tags.
-- Times are epoch milliseconds, as MLflow's API carries them.

CREATE TABLE tracking_experiments (
  id                BIGSERIAL PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  artifact_location TEXT NOT NULL,
  lifecycle_stage   TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
  creation_time     BIGINT NOT NULL,
  last_update_time  BIGINT NOT NULL
);
INSERT INTO tracking_experiments (id, name, artifact_location, creation_time, last_update_time)
VALUES (0, 'Default', 'mlflow-artifacts:/0', (extract(epoch FROM now()) * 1000)::BIGINT,
        (extract(epoch FROM now()) * 1000)::BIGINT);

CREATE TABLE tracking_experiment_tags (
  experiment_id BIGINT NOT NULL REFERENCES tracking_experiments (id),
  key           TEXT NOT NULL,
  value         TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);

CREATE TABLE tracking_runs (
  run_uuid        TEXT PRIMARY KEY,
  experiment_id   BIGINT NOT NULL REFERENCES tracking_experiments (id),
  run_name        TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
  start_time      BIGINT,
  end_time        BIGINT,
  artifact_uri    TEXT NOT NULL,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted'))
);
CREATE INDEX tracking_runs_experiment ON tracking_runs (experiment_id, start_time DESC);

-- every logged value; (run, key, timestamp, step, value) repeated is the same point logged twice
CREATE TABLE tracking_metrics (
  run_uuid  TEXT NOT NULL REFERENCES tracking_runs (run_uuid),
  key       TEXT NOT NULL,
  value     DOUBLE PRECISION NOT NULL,
  timestamp BIGINT NOT NULL,
  step      BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, key, timestamp, step, value)
);

-- the latest value per key (highest step, then timestamp, then value), which search filters and sorts on
CREATE TABLE tracking_latest_metrics (
  run_uuid  TEXT NOT NULL REFERENCES tracking_runs (run_uuid),
  key       TEXT NOT NULL,
  value     DOUBLE PRECISION NOT NULL,
  timestamp BIGINT NOT NULL,
  step      BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);

CREATE TABLE tracking_params (
  run_uuid TEXT NOT NULL REFERENCES tracking_runs (run_uuid),
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);

CREATE TABLE tracking_tags (
  run_uuid TEXT NOT NULL REFERENCES tracking_runs (run_uuid),
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
