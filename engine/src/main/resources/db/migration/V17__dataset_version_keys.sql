-- The data key of each dataset version's stored bytes, sealed by the artifact master key (NULL when the artifact
-- store is not encrypted). An erasure destroys the keys of the versions that held the subject: wrapped_key becomes
-- NULL and destroyed_at/destroyed_by say when and by which erasure; the version's hash and row count stay in
-- dataset_versions for lineage.
CREATE TABLE dataset_version_keys (
  version       TEXT PRIMARY KEY,
  key_id        TEXT,
  wrapped_key   BYTEA,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  destroyed_at  TIMESTAMPTZ,
  destroyed_by  TEXT,
  CHECK ((destroyed_at IS NULL) = (destroyed_by IS NULL))
);
