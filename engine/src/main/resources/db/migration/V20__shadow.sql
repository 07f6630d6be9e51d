-- Shadow releases: a model's shadow version scores a share of the requests its champion answers, and each
-- shadow score is logged here beside the champion's prediction id (never in prediction_log, so shadow scores
-- feed no drift, live accuracy or feedback of the champion).
ALTER TABLE serving_state ADD COLUMN shadow_version INT;
ALTER TABLE serving_state ADD COLUMN shadow_share DOUBLE PRECISION NOT NULL DEFAULT 0;

CREATE TABLE shadow_predictions (
  id                     BIGSERIAL PRIMARY KEY,
  model_id               BIGINT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
  version                INT NOT NULL,
  champion_prediction_id UUID NOT NULL,
  champion_version       INT NOT NULL,
  label                  TEXT,
  value                  DOUBLE PRECISION,
  agrees                 BOOLEAN NOT NULL,
  shadow_millis          DOUBLE PRECISION NOT NULL,
  champion_millis        DOUBLE PRECISION NOT NULL,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX shadow_predictions_version ON shadow_predictions (model_id, version);

-- Starting and ending a shadow are changes of what a model serves, in its deployment history.
ALTER TABLE deployments DROP CONSTRAINT deployments_kind_check;
ALTER TABLE deployments ADD CONSTRAINT deployments_kind_check
  CHECK (kind IN ('deploy', 'rollback', 'canary-start', 'canary-promote', 'canary-abort', 'shadow-start',
                  'shadow-stop'));
