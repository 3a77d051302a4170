-- Schema 1: the tables of the mirror. docs/schema.md explains them and shows queries.
-- Conventions: ids are GitHub node ids; times are ISO-8601 UTC text ("2026-11-21T12:00:00Z"),
-- which sorts correctly as text; booleans are 0/1; absent values are NULL, never ''.
-- Repository names compare case-insensitively, as on GitHub.

PRAGMA application_id = 1919247716;  -- 'roam', marks the file as a roadmapd mirror

-- Boards (GitHub Projects v2).
CREATE TABLE projects (
  id                TEXT PRIMARY KEY,
  owner             TEXT NOT NULL COLLATE NOCASE,  -- login of the organization or user
  number            INTEGER NOT NULL,
  title             TEXT NOT NULL,
  short_description TEXT,
  url               TEXT NOT NULL,
  closed            INTEGER NOT NULL DEFAULT 0,
  updated_at        TEXT,                          -- as reported by GitHub
  synced_at         TEXT NOT NULL,                 -- when roadmapd last stored it
  UNIQUE (owner, number)
);

CREATE TABLE project_fields (
  id         TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  data_type  TEXT NOT NULL,  -- TEXT, NUMBER, DATE, SINGLE_SELECT, ITERATION, TITLE, ASSIGNEES, ...
  position   INTEGER NOT NULL
);
CREATE INDEX project_fields_by_project ON project_fields (project_id, position);

-- Option ids are short and unique only within their field, hence the composite keys.
CREATE TABLE field_options (
  field_id TEXT NOT NULL REFERENCES project_fields (id) ON DELETE CASCADE,
  id       TEXT NOT NULL,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (field_id, id)
) WITHOUT ROWID;

CREATE TABLE iterations (
  field_id      TEXT NOT NULL REFERENCES project_fields (id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  title         TEXT NOT NULL,
  start_date    TEXT NOT NULL,  -- YYYY-MM-DD
  duration_days INTEGER NOT NULL,
  end_date      TEXT GENERATED ALWAYS AS (date(start_date, '+' || duration_days || ' days')) VIRTUAL,
  completed     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (field_id, id)
) WITHOUT ROWID;

CREATE TABLE items (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  type           TEXT NOT NULL,  -- ISSUE, PULL_REQUEST, DRAFT_ISSUE, REDACTED
  archived       INTEGER NOT NULL DEFAULT 0,
  position       INTEGER NOT NULL,  -- the board's manual order
  content_id     TEXT,              -- node id of the issue, PR or draft; NULL when REDACTED
  title          TEXT,
  body           TEXT,              -- drafts only; issue bodies are in issues.body
  content_repo   TEXT COLLATE NOCASE,
  content_number INTEGER,
  content_state  TEXT,              -- OPEN, CLOSED, MERGED
  content_url    TEXT,
  milestone      TEXT,
  updated_at     TEXT,
  seen_pass      INTEGER NOT NULL   -- sync pass that last saw the item (sync bookkeeping)
);
CREATE INDEX items_by_project ON items (project_id, position);
-- The sync engine copies each issue it reads onto the items showing it, found by content_id.
CREATE INDEX items_by_content ON items (content_id);

CREATE TABLE item_assignees (
  item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  login    TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (item_id, position)
) WITHOUT ROWID;
CREATE INDEX item_assignees_by_login ON item_assignees (login);

CREATE TABLE item_labels (
  item_id  TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (item_id, position)
) WITHOUT ROWID;
CREATE INDEX item_labels_by_name ON item_labels (name);

-- One row per field that has a value on the item. kind says which value column is set:
-- text, number, date, single_select (option_id, text = option name when fetched),
-- iteration (iteration_id, text = iteration title when fetched).
CREATE TABLE item_field_values (
  item_id      TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  field_id     TEXT NOT NULL REFERENCES project_fields (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  text         TEXT,
  number       REAL,
  date         TEXT,
  option_id    TEXT,
  iteration_id TEXT,
  PRIMARY KEY (item_id, field_id)
) WITHOUT ROWID;
-- No index on field_id: queries reach values through their item, and an index would cost a
-- fifth of the insert rate for the rare deletion of a whole field.

-- Issues and pull requests of the configured repositories.
CREATE TABLE issues (
  id              TEXT PRIMARY KEY,
  repo            TEXT NOT NULL COLLATE NOCASE,  -- owner/name
  number          INTEGER NOT NULL,
  is_pull_request INTEGER NOT NULL,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL,  -- OPEN, CLOSED; pull requests also MERGED
  author          TEXT,           -- NULL for a deleted account
  url             TEXT NOT NULL,
  created_at      TEXT,
  updated_at      TEXT,
  closed_at       TEXT,
  merged          INTEGER NOT NULL DEFAULT 0,
  merged_at       TEXT,
  draft           INTEGER NOT NULL DEFAULT 0,
  milestone       TEXT,
  is_tracking     INTEGER NOT NULL DEFAULT 0,  -- an RFC tracking issue: its task list is in tracking_tasks
  seen_pass       INTEGER NOT NULL,
  UNIQUE (repo, number)
);
CREATE INDEX issues_by_updated ON issues (repo, is_pull_request, updated_at);

CREATE TABLE issue_assignees (
  issue_id TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  login    TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (issue_id, position)
) WITHOUT ROWID;
CREATE INDEX issue_assignees_by_login ON issue_assignees (login);

CREATE TABLE issue_labels (
  issue_id TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (issue_id, position)
) WITHOUT ROWID;
CREATE INDEX issue_labels_by_name ON issue_labels (name);

-- The task list of a tracking issue. The reference is stored as written (repo, number) and
-- resolved to the mirrored issue or PR when queried (view tracking_task_refs), so it resolves as
-- soon as that issue is mirrored.
CREATE TABLE tracking_tasks (
  issue_id   TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,  -- 0-based order in the body
  checked    INTEGER NOT NULL,
  text       TEXT NOT NULL,
  ref_repo   TEXT COLLATE NOCASE,
  ref_number INTEGER,
  PRIMARY KEY (issue_id, position)
) WITHOUT ROWID;
CREATE INDEX tracking_tasks_by_ref ON tracking_tasks (ref_repo, ref_number);

-- Sync bookkeeping: watermarks, cursors, pass counter, last success per target.
CREATE TABLE sync_state (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
