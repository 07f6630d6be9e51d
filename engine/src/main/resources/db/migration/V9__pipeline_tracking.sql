-- Every Keel pipeline run is also an MLflow tracking run (in the experiment named after its model); sweep trials
-- are tracking runs nested in it. The id is derived from the Keel run id, so recording it again changes nothing.
ALTER TABLE runs ADD COLUMN tracking_run_id TEXT;
