// Record-level changes shared by the control port's edit ops and the GraphQL mutations: new node ids,
// comments, and the updatedAt stamps GitHub gives the records a change touches.
'use strict';

function new_id(s, prefix) {
  for (let n = s.by_id.size + 1; ; ++n) {
    const id = `${prefix}_kwDOFAKE${n.toString(36).toUpperCase()}`;
    if (!s.node(id)) return id;
  }
}

function later(a, b) {
  return a && a > b ? a : b;
}

// An item change moves the item and its board (never back: a replayed change may be older).
function touch_item(s, it, at) {
  it.updatedAt = at;
  s.parent(it).updatedAt = later(s.parent(it).updatedAt, at);
}

// GitHub's comment ids are one sequence for the whole site; here one for the whole state.
function next_database_id(s) {
  let n = 1000000000;
  for (const rec of s.state.issues.concat(s.state.pull_requests)) {
    for (const c of rec.comments) n = Math.max(n, c.databaseId || 0);
  }
  return n + 1;
}

// Appends a comment to an issue or pull request. A comment touches its issue: GitHub moves the
// issue's updatedAt to the comment's time, whoever wrote it (bots included).
function add_comment(s, subject, { author, body, created_at, at }) {
  const c = {
    id: new_id(s, 'IC'), databaseId: next_database_id(s), author, body, createdAt: created_at || at, updatedAt: at,
    lastEditedAt: null, editor: null, isMinimized: false, minimizedReason: null,
  };
  subject.comments.push(c);
  subject.updatedAt = later(subject.updatedAt, at);
  s.reindex();
  return c;
}

// A changed comment (body, minimized state) touches itself and its issue.
function touch_comment(s, c, at) {
  c.updatedAt = later(c.updatedAt, at);
  const subject = s.parent(c);
  subject.updatedAt = later(subject.updatedAt, at);
}

module.exports = { new_id, later, touch_item, next_database_id, add_comment, touch_comment };
