-- Webhook payloads get a table of their own. With the payload in the delivery's row, every status
-- change of the worker (attempt, done, failed) made SQLite write the whole 10+ KB record again;
-- now those updates touch a row of a few dozen bytes, and each payload is written once.

CREATE TABLE webhook_payloads (
  seq     INTEGER PRIMARY KEY REFERENCES webhook_deliveries (seq) ON DELETE CASCADE,
  payload BLOB NOT NULL                        -- the JSON exactly as received (form bodies decoded)
);
INSERT INTO webhook_payloads (seq, payload)
  SELECT seq, payload FROM webhook_deliveries WHERE payload IS NOT NULL;
ALTER TABLE webhook_deliveries DROP COLUMN payload;
