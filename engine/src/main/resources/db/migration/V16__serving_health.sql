-- Canary health counts the traffic of every engine: each engine adds its requests, errors and a latency histogram
-- per model version and 5-second bucket here (one row per engine and bucket), and a canary check sums the rows of
-- its window. Old buckets are deleted by the engines as they write.
CREATE TABLE serving_health (
  model_id  BIGINT NOT NULL,
  version   INT NOT NULL,
  bucket    TIMESTAMPTZ NOT NULL,
  engine    TEXT NOT NULL,
  requests  BIGINT NOT NULL,
  errors    BIGINT NOT NULL,
  latency   BIGINT[] NOT NULL,
  PRIMARY KEY (model_id, version, bucket, engine)
);
CREATE INDEX serving_health_bucket ON serving_health (bucket);
