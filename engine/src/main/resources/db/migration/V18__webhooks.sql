-- Webhooks: receivers of lifecycle events. The secret signs every delivery; it is sealed with the artifact keys
-- when they are configured, and never returned by the API.
CREATE TABLE webhooks (
  id             TEXT PRIMARY KEY,
  url            TEXT NOT NULL,
  events         TEXT NOT NULL,  -- comma-separated event names, or *
  secret         TEXT NOT NULL,  -- sealed:<base64> (artifact keys) or plain:<secret>
  description    TEXT,
  created_by     TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The delivery log: one row per (event, webhook), its id derived from both, so publishing an event again adds
-- nothing. body is the exact JSON every attempt sends (and signs).
CREATE TABLE webhook_deliveries (
  id               TEXT PRIMARY KEY,
  webhook_id       TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id         TEXT NOT NULL,
  event            TEXT NOT NULL,
  model            TEXT,
  body             TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INT NOT NULL DEFAULT 0,
  last_status_code INT,
  last_error       TEXT,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_attempt_at  TIMESTAMPTZ,
  delivered_at     TIMESTAMPTZ
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at DESC);
