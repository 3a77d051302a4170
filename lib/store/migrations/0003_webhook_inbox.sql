-- The webhook inbox: every delivery GitHub sends is committed here before roadmapd answers, then
-- applied in order by the worker. Payloads are dropped after [webhook] payload_retention; the
-- delivery ids stay for [webhook] delivery_retention so a repeated delivery is recognised.

CREATE TABLE webhook_deliveries (
  seq          INTEGER PRIMARY KEY,            -- arrival order; the worker applies in this order
  delivery_id  TEXT NOT NULL UNIQUE,           -- X-GitHub-Delivery (a GUID)
  event        TEXT NOT NULL,                  -- X-GitHub-Event: issues, projects_v2_item, ...
  action       TEXT,                           -- the payload's "action", when it has one
  hook_id      TEXT,                           -- X-GitHub-Hook-ID
  received_at  TEXT NOT NULL,                  -- ISO-8601 UTC
  payload      BLOB,                           -- the JSON exactly as received (form bodies decoded); NULL after retention
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'done', 'failed', 'ignored')),
  reason       TEXT,                           -- why it failed or was ignored
  attempts     INTEGER NOT NULL DEFAULT 0,
  processed_at TEXT                            -- when it reached done, failed or ignored
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_received ON webhook_deliveries (received_at);
