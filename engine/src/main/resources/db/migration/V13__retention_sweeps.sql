-- Every sweep of the retention workflow: what it removed and when.
CREATE TABLE retention_sweeps (
  id                     BIGSERIAL PRIMARY KEY,
  at                     TIMESTAMPTZ NOT NULL DEFAULT now(),
  predictions_deleted    BIGINT NOT NULL,
  run_artifacts_deleted  BIGINT NOT NULL
);
