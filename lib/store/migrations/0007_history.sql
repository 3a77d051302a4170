-- Schema 7: the change log (lib/history). Every write to the mirror that changes what a roadmap
-- reader cares about appends rows here; nothing is logged when nothing changed. GitHub keeps no
-- history of field values, so the log starts with each board's and repository's first complete
-- read (a kind = 'board' or 'repository' row, attribute 'history-start'). What an item was at any
-- time since then follows from the rows: the old_value of its first change after that time, else
-- what the mirror holds now. docs/schema.md has the queries.

CREATE TABLE changes (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,      -- when it changed: GitHub's updatedAt where it has one, else seen_at
  seen_at     TEXT NOT NULL,      -- when roadmapd recorded it
  board       TEXT,               -- "owner/number" of the item's board (NULL for issue-level rows)
  project_id  TEXT,
  item_id     TEXT,
  content_id  TEXT,               -- the issue, pull request or draft
  content_ref TEXT,               -- "owner/name#number" when the content is an issue or pull request
  kind        TEXT NOT NULL,      -- item, field, issue, tracking, board, repository
  attribute   TEXT NOT NULL,      -- added, removed, archived, assignees, title, state, ...; a field's name
  old_value   TEXT,               -- NULL: none (a field that was empty, an item that was not there)
  new_value   TEXT,
  source      TEXT NOT NULL       -- poll, full-resync, webhook, roadmapd (its own writes)
);
CREATE INDEX changes_by_time ON changes (at);
CREATE INDEX changes_by_item ON changes (item_id, attribute, at);
CREATE INDEX changes_by_content ON changes (content_id, attribute, at);

-- Why a closed issue was closed (GitHub's stateReason: COMPLETED, NOT_PLANNED, DUPLICATE,
-- REOPENED), so that "not planned" is not counted as done.
ALTER TABLE issues ADD COLUMN state_reason TEXT;
