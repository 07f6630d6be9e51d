-- Reproductions: a model version retrained from its recorded lineage, and whether the artifact hash came out equal.

CREATE TABLE reproductions (
  id               TEXT PRIMARY KEY,
  model_id         BIGINT NOT NULL,
  version          INT NOT NULL,
  recorded_hash    TEXT NOT NULL,
  reproduced_hash  TEXT,
  identical        BOOLEAN,
  status           TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  error            TEXT,
  keel_version     TEXT NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  ended_at         TIMESTAMPTZ,
  FOREIGN KEY (model_id, version) REFERENCES model_versions (model_id, version) ON DELETE CASCADE
);
CREATE INDEX reproductions_by_version ON reproductions (model_id, version, created_at DESC);

-- the reverse lineage (which runs and versions used a dataset version) reads these
CREATE INDEX runs_by_dataset ON runs (dataset_name, dataset_version);
CREATE INDEX model_versions_by_dataset ON model_versions ((lineage -> 'dataset' ->> 'name'),
  (lineage -> 'dataset' ->> 'version'));
