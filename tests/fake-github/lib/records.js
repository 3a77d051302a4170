// Record-level changes shared by the control port's edit ops and the GraphQL mutations: new node ids,
// comments, sub-issue links, and the updatedAt stamps GitHub gives the records a change touches.
'use strict';
const { issue_name, owner_of_repo, max_sub_issues, max_sub_issue_depth } = require('./store');

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

// ---- sub-issues: links live on the parent (`sub_issues`, node ids in order); the store derives parents.

function ancestors(s, issue) {
  const out = [];
  for (let p = s.parent_issue(issue); p; p = s.parent_issue(p)) out.push(p);
  return out;
}

// How many levels of sub-issues hang below `issue` (0 for none).
function height(s, issue) {
  let h = 0;
  for (const id of issue.sub_issues) {
    const c = s.node(id);
    if (c) h = Math.max(h, 1 + height(s, c));
  }
  return h;
}

// Why `child` cannot become a sub-issue of `parent`, or null. `github` is the message GitHub's
// addSubIssue answers (type VALIDATION), `detail` the edit op's plainer one. `replace`: the
// child may leave another parent (addSubIssue's replaceParent).
function sub_issue_refusal(s, parent, child, replace) {
  const p = issue_name(parent);
  const c = issue_name(child);
  if (child === parent || ancestors(s, parent).includes(child)) {
    return { github: 'Sub issue cannot be an ancestor of the parent issue', detail: `${c} is ${child === parent ? 'the parent itself' : `an ancestor of ${p}`}; sub-issues cannot form a cycle` };
  }
  if (owner_of_repo(child.repository) !== owner_of_repo(parent.repository)) {
    return { github: 'Sub issue must belong to the same owner as the parent issue', detail: `${c} belongs to another owner than ${p}; a sub-issue must be in a repository of its parent's owner` };
  }
  const current = s.parent_issue(child);
  if (current === parent) {
    return { github: 'Sub issue may only have one parent', detail: `${c} is already a sub-issue of ${p}` };
  }
  if (current && !replace) {
    return { github: 'Sub issue may only have one parent', detail: `${c} is already a sub-issue of ${issue_name(current)} (replace_parent: true moves it)` };
  }
  if (parent.sub_issues.length >= max_sub_issues) {
    return { github: `Parent cannot have more than ${max_sub_issues} sub-issues`, detail: `${p} has ${max_sub_issues} sub-issues, GitHub's limit` };
  }
  const levels = ancestors(s, parent).length + 1 + height(s, child);
  if (levels > max_sub_issue_depth) {
    return {
      github: `Sub issue cannot be nested more than ${max_sub_issue_depth} levels deep`,
      detail: `${c} (with its own sub-issues) would reach ${levels} levels below its top-level issue; GitHub allows ${max_sub_issue_depth}`,
    };
  }
  return null;
}

// Appends `child` to `parent`'s sub-issues (taking it from its current parent, if any). Both parents'
// updatedAt move: a change to an issue's sub-issues is activity on it. The sub-issue's does not.
function link_sub_issue(s, parent, child, at) {
  const current = s.parent_issue(child);
  if (current) {
    current.sub_issues = current.sub_issues.filter((id) => id !== child.id);
    current.updatedAt = later(current.updatedAt, at);
  }
  parent.sub_issues = parent.sub_issues.concat([child.id]);
  parent.updatedAt = later(parent.updatedAt, at);
  s.reindex();
}

function unlink_sub_issue(s, parent, child, at) {
  parent.sub_issues = parent.sub_issues.filter((id) => id !== child.id);
  parent.updatedAt = later(parent.updatedAt, at);
  s.reindex();
}

// Moves `child` to `index` in its parent's list (the index it has once moved); touches the parent
// if the order changed.
function move_sub_issue(s, parent, child, index, at) {
  const rest = parent.sub_issues.filter((id) => id !== child.id);
  const order = rest.slice(0, index).concat([child.id], rest.slice(index));
  if (order.join() === parent.sub_issues.join()) return;
  parent.sub_issues = order;
  parent.updatedAt = later(parent.updatedAt, at);
}

module.exports = {
  new_id, later, touch_item, next_database_id, add_comment, touch_comment,
  sub_issue_refusal, link_sub_issue, unlink_sub_issue, move_sub_issue,
};
