-- Enforcement of the roadmap guidelines (issue 4): what roadmapd has done on each issue, pull request
-- or draft, so the same findings never cause a second mutation (across restarts too), and an audit
-- of every decision and every mutation.

CREATE TABLE enforcement_state (
  content_id   TEXT PRIMARY KEY,           -- node id of the issue, pull request or draft
  findings     TEXT NOT NULL DEFAULT '',   -- the finding codes last decided on, sorted, one per line
  comment_id   TEXT,                       -- roadmapd's sticky comment, once written
  comment_body TEXT,                       -- its body as roadmapd last wrote it
  resolved     INTEGER NOT NULL DEFAULT 0, -- 1 while the comment says everything is fixed
  labels       TEXT NOT NULL DEFAULT '',   -- labels roadmapd added and still owns, one per line
  updated_at   TEXT NOT NULL
);

CREATE TABLE enforcement_audit (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,                -- ISO-8601 UTC
  board      TEXT,                         -- "owner/number"
  item_id    TEXT,
  content_id TEXT,
  rule       TEXT,                         -- for decisions: the rule; NULL for actions
  finding    TEXT,                         -- for decisions: the finding's code
  action     TEXT NOT NULL,                -- decision: found, fixed; actions: comment, edit-comment,
                                           -- resolve-comment, add-label, remove-label, create-label, move
  outcome    TEXT NOT NULL,                -- decided, dry-run, sent, failed, deferred
  detail     TEXT                          -- the label, the column, the error
);
CREATE INDEX enforcement_audit_by_content ON enforcement_audit (content_id, seq);
