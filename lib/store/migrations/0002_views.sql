-- Schema 2: views answering the first questions people ask the mirror. docs/schema.md shows them
-- in use. Field names are matched case-insensitively: "Status", "Priority", "Theme", "Owner(s)",
-- "Quarter".

-- Every field value of every item, readable: value is the option name, iteration title, number,
-- date or text, whatever the field holds.
CREATE VIEW item_values AS
SELECT
  v.item_id,
  f.project_id,
  v.field_id,
  f.name AS field,
  f.data_type,
  f.position AS field_position,
  v.kind,
  CASE v.kind
    WHEN 'single_select' THEN coalesce(o.name, v.text)
    WHEN 'iteration' THEN coalesce(it.title, v.text)
    WHEN 'number' THEN iif(v.number = CAST(v.number AS INTEGER),
                           CAST(CAST(v.number AS INTEGER) AS TEXT), CAST(v.number AS TEXT))
    WHEN 'date' THEN v.date
    ELSE coalesce(v.text, v.date, CAST(v.number AS TEXT))
  END AS value,
  v.text,
  v.number,
  v.date,
  v.option_id,
  v.iteration_id,
  it.start_date AS iteration_start,
  it.end_date AS iteration_end
FROM item_field_values v
JOIN project_fields f ON f.id = v.field_id
LEFT JOIN field_options o ON o.field_id = v.field_id AND o.id = v.option_id
LEFT JOIN iterations it ON it.field_id = v.field_id AND it.id = v.iteration_id;

-- One row per board item with the roadmap columns. quarter is the title of the item's iteration
-- (the field named "Quarter" if there are several), else its Status when the status names a
-- quarter ("Q3 2026", "2026-Q3"). owners joins the assignees and the text of an "Owner" or
-- "Owners" field, without repeats.
CREATE VIEW board_items AS
SELECT
  b.board_owner,
  b.board_number,
  b.board,
  b.item_id,
  b.position,
  b.title,
  b.type,
  b.archived,
  b.status,
  coalesce(b.iteration, iif(b.status GLOB '*[Qq][1-4]*', b.status, NULL)) AS quarter,
  b.priority,
  b.theme,
  b.owners,
  b.labels,
  b.repo,
  b.number,
  b.repo || '#' || b.number AS ref,
  b.state,
  b.url,
  b.milestone,
  b.updated_at
FROM (
  SELECT
    p.owner AS board_owner,
    p.number AS board_number,
    p.title AS board,
    i.id AS item_id,
    i.position,
    i.title,
    i.type,
    i.archived,
    (SELECT x.value FROM item_values x
      WHERE x.item_id = i.id AND x.field = 'Status' COLLATE NOCASE) AS status,
    (SELECT x.value FROM item_values x
      WHERE x.item_id = i.id AND x.kind = 'iteration'
      ORDER BY x.field = 'Quarter' COLLATE NOCASE DESC, x.field_position LIMIT 1) AS iteration,
    (SELECT x.value FROM item_values x
      WHERE x.item_id = i.id AND x.field = 'Priority' COLLATE NOCASE) AS priority,
    (SELECT x.value FROM item_values x
      WHERE x.item_id = i.id AND x.field = 'Theme' COLLATE NOCASE) AS theme,
    (SELECT group_concat(o.login, ', ') FROM (
       SELECT login, min(k) AS k FROM (
         SELECT a.login, a.position AS k FROM item_assignees a WHERE a.item_id = i.id
         UNION ALL
         SELECT ltrim(trim(x.value), '@'), 1000000 FROM item_values x
          WHERE x.item_id = i.id AND x.field COLLATE NOCASE IN ('Owner', 'Owners')
            AND trim(x.value) <> '')
       GROUP BY login COLLATE NOCASE ORDER BY k) o) AS owners,
    (SELECT group_concat(l.name, ', ') FROM (
       SELECT name FROM item_labels WHERE item_id = i.id ORDER BY position) l) AS labels,
    i.content_repo AS repo,
    i.content_number AS number,
    i.content_state AS state,
    i.content_url AS url,
    i.milestone,
    i.updated_at
  FROM items i
  JOIN projects p ON p.id = i.project_id
) b;

-- Each task-list entry of each tracking issue, with its reference resolved against the mirrored
-- issues and pull requests. resolved is NULL when the entry references nothing, 0 when the
-- referenced issue is not (yet) in the mirror.
CREATE VIEW tracking_task_refs AS
SELECT
  ti.repo AS tracking_repo,
  ti.number AS tracking_number,
  t.issue_id,
  t.position,
  t.checked,
  t.text,
  t.ref_repo,
  t.ref_number,
  iif(t.ref_number IS NULL, NULL, r.id IS NOT NULL) AS resolved,
  r.id AS ref_id,
  r.is_pull_request AS ref_is_pull_request,
  r.title AS ref_title,
  r.state AS ref_state,
  r.url AS ref_url
FROM tracking_tasks t
JOIN issues ti ON ti.id = t.issue_id
LEFT JOIN issues r ON r.repo = t.ref_repo AND r.number = t.ref_number;

-- Progress of each tracking issue: checked entries out of all, and where its references stand in
-- the mirror (refs_closed counts closed issues and closed unmerged PRs).
CREATE VIEW tracking_progress AS
SELECT
  i.repo,
  i.number,
  i.repo || '#' || i.number AS ref,
  i.title,
  i.state,
  i.url,
  count(t.position) AS total,
  count(*) FILTER (WHERE t.checked) AS done,
  count(t.ref_number) AS refs,
  count(*) FILTER (WHERE r.state = 'OPEN') AS refs_open,
  count(*) FILTER (WHERE r.state = 'CLOSED') AS refs_closed,
  count(*) FILTER (WHERE r.state = 'MERGED') AS refs_merged,
  count(*) FILTER (WHERE t.ref_number IS NOT NULL AND r.id IS NULL) AS refs_unresolved
FROM issues i
LEFT JOIN tracking_tasks t ON t.issue_id = i.id
LEFT JOIN issues r ON r.repo = t.ref_repo AND r.number = t.ref_number
WHERE i.is_tracking
GROUP BY i.id;
