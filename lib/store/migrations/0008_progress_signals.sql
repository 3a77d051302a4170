-- Schema 8: what the progress model (lib/progress) reads besides task lists. Set by sync passes,
-- which read them with the issue; a webhook's issue payload does not carry them and leaves them as
-- they are.

-- GitHub sub-issues: the parent of an issue (its node id), and the summary GitHub keeps of an
-- issue's own sub-issues (direct children; closed ones count as completed).
ALTER TABLE issues ADD COLUMN parent_id TEXT;
ALTER TABLE issues ADD COLUMN sub_issues_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE issues ADD COLUMN sub_issues_completed INTEGER NOT NULL DEFAULT 0;
-- The newest comment not written by roadmapd's own account, for "no activity for N weeks".
ALTER TABLE issues ADD COLUMN last_comment_at TEXT;
CREATE INDEX issues_by_parent ON issues (parent_id) WHERE parent_id IS NOT NULL;

-- The pull requests GitHub links to an issue as closing it ("Linked pull requests",
-- closedByPullRequestsReferences), closed ones included, as of the issue's last read.
CREATE TABLE linked_pull_requests (
  issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  pr_id     TEXT NOT NULL,
  pr_repo   TEXT NOT NULL COLLATE NOCASE,
  pr_number INTEGER NOT NULL,
  pr_state  TEXT NOT NULL,            -- OPEN, CLOSED, MERGED
  PRIMARY KEY (issue_id, position)
) WITHOUT ROWID;
CREATE INDEX linked_pull_requests_by_pr ON linked_pull_requests (pr_id);
