-- The registry as MLflow's model-registry API sees it: descriptions and tags on models and versions, versions
-- registered from outside Keel (an MLflow source URI, no Keel run), and runs that train nothing (releases).

-- A model registered through the MLflow API has no training definition until one is given: no task.
ALTER TABLE models ALTER COLUMN task DROP NOT NULL;
ALTER TABLE models ADD COLUMN description TEXT;
ALTER TABLE models ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

CREATE TABLE model_tags (
  model_id  BIGINT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (model_id, key)
);

-- format: 'keel' (a Keel-trained artifact), 'onnx' (imported and servable with ONNX Runtime), 'external' (an
-- MLflow source not yet imported; not servable). source: the MLflow source URI; tracking_run_id: MLflow's run_id.
ALTER TABLE model_versions ALTER COLUMN run_id DROP NOT NULL;
ALTER TABLE model_versions ADD COLUMN format TEXT NOT NULL DEFAULT 'keel'
  CHECK (format IN ('keel', 'onnx', 'external'));
ALTER TABLE model_versions ADD COLUMN source TEXT;
ALTER TABLE model_versions ADD COLUMN tracking_run_id TEXT;
ALTER TABLE model_versions ADD COLUMN description TEXT;
ALTER TABLE model_versions ADD COLUMN created_by TEXT;
ALTER TABLE model_versions ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

CREATE TABLE model_version_tags (
  model_id  BIGINT NOT NULL,
  version   INT NOT NULL,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (model_id, version, key),
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);

-- A release run deploys an existing version (no dataset, no training).
ALTER TABLE runs ALTER COLUMN dataset_name DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN dataset_version DROP NOT NULL;
