-- MLflow's model-version run_link (a URL to the run that produced it, set by the client), and the look-up that makes
-- model-versions/create idempotent under client retries: the same (model, source, run) registered moments ago.
ALTER TABLE model_versions ADD COLUMN run_link TEXT;
CREATE INDEX model_versions_by_source ON model_versions (model_id, source, tracking_run_id);
