-- Tracking at scale: indexes for run search, and request fingerprints that make retried creates idempotent.

-- run search filters on an experiment and a lifecycle stage, newest first
DROP INDEX tracking_runs_experiment;
CREATE INDEX tracking_runs_experiment
  ON tracking_runs (experiment_id, lifecycle_stage, start_time DESC NULLS LAST, run_uuid);

-- metric, param and tag filters and sorts look rows up by key and value, then join to the run
CREATE INDEX tracking_latest_metrics_key_value ON tracking_latest_metrics (key, value, run_uuid);
CREATE INDEX tracking_params_key_value ON tracking_params (key, value, run_uuid);
CREATE INDEX tracking_tags_key_value ON tracking_tags (key, value, run_uuid);

-- a digest of a runs/create request (experiment, start time, run name, user, tags): a retried request finds the
-- run its first attempt created; NULL when the request carried no start time (nothing to tell retries apart)
ALTER TABLE tracking_runs ADD COLUMN request_fingerprint TEXT;
CREATE UNIQUE INDEX tracking_runs_request ON tracking_runs (experiment_id, request_fingerprint)
  WHERE request_fingerprint IS NOT NULL;

-- a digest of an experiments/create request (name, artifact location, tags), for retries within 60 s
ALTER TABLE tracking_experiments ADD COLUMN request_fingerprint TEXT;
