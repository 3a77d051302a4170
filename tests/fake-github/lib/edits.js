// GitHub-like edits applied through the control API (POST /edit): what a person would do on
// github.com between two syncs. Each touched record gets updatedAt = store.now(), or the op's `at`
// when a test replays changes GitHub recorded at a known time (webhook example payloads).
'use strict';
const { store: store_class } = require('./store');
const { add_hook_delivery } = require('./hooks');
const { new_id, touch_item, add_comment, touch_comment, sub_issue_refusal, link_sub_issue, unlink_sub_issue, move_sub_issue } = require('./records');
const { owner_of_repo } = require('./store');

class edit_error extends Error {}

function fail(message) {
  throw new edit_error(message);
}

function need(args, name, type) {
  const v = args[name];
  if (v === undefined) fail(`missing argument '${name}'`);
  if (type && typeof v !== type) fail(`argument '${name}' must be a ${type}`);
  return v;
}


// The time to stamp a change with: `at` if given (never before the record's own updatedAt: GitHub's
// clock does not run backwards for a record), else now.
function stamp(args, rec, now) {
  if (args.at === undefined) return now;
  const at = need(args, 'at', 'string');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(at)) fail(`argument 'at' must be an ISO-8601 UTC time like 2019-05-15T15:20:18Z`);
  if (rec && rec.updatedAt && at < rec.updatedAt) fail(`'at' ${at} is earlier than the record's updatedAt ${rec.updatedAt}`);
  return at;
}


function item_of(s, args) {
  const id = need(args, 'item', 'string');
  const it = s.node(id);
  if (!it || s.typename(it) !== 'ProjectV2Item') fail(`item '${id}' does not exist`);
  return it;
}


function content_of(s, args) {
  const repo = need(args, 'repo', 'string');
  const number = need(args, 'number', 'number');
  if (!s.repository(repo)) fail(`repository '${repo}' does not exist`);
  const rec = s.numbered_content(repo, number);
  if (!rec) fail(`${repo}#${number} does not exist`);
  return rec;
}

function comment_of(s, args) {
  const id = need(args, 'id', 'string');
  const c = s.node(id);
  if (!c || s.typename(c) !== 'IssueComment') fail(`comment '${id}' does not exist`);
  return c;
}

function check_value(field, value) {
  if (value === null) return;
  switch (field.dataType) {
    case 'TEXT': if (typeof value !== 'string') fail(`field '${field.name}' takes a string`); return;
    case 'NUMBER': if (typeof value !== 'number') fail(`field '${field.name}' takes a number`); return;
    case 'DATE': if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail(`field '${field.name}' takes a date YYYY-MM-DD`); return;
    case 'SINGLE_SELECT':
      if (!field.options.some((o) => o.name === value)) fail(`field '${field.name}' has no option '${value}'`);
      return;
    case 'ITERATION': {
      const c = field.configuration || {};
      if (!(c.iterations || []).concat(c.completedIterations || []).some((i) => i.title === value)) fail(`field '${field.name}' has no iteration '${value}'`);
      return;
    }
    default:
      fail(`field '${field.name}' (${field.dataType}) is derived from the item's content and cannot be set`);
  }
}

function set_field(s, args, now) {
  const it = item_of(s, args);
  const name = need(args, 'field', 'string');
  const field = s.parent(it).fields.find((f) => f.name === name);
  if (!field) fail(`board ${s.parent(it).number} has no field '${name}'`);
  if (!('value' in args)) fail(`missing argument 'value' (null clears the field)`);
  check_value(field, args.value);
  const at = stamp(args, it, now);
  if (args.value === null) delete it.values[name];
  else it.values[name] = args.value;
  touch_item(s, it, at);
  return {};
}

function remove_items_of(s, content_id, now) {
  for (const p of s.state.projects) {
    const before = p.items.length;
    p.items = p.items.filter((it) => it.content !== content_id);
    if (p.items.length !== before) p.updatedAt = now;
  }
}

function next_number(s, repo_key) {
  let n = 0;
  for (const r of s.state.issues.concat(s.state.pull_requests)) {
    if (r.repository.toLowerCase() === repo_key.toLowerCase()) n = Math.max(n, r.number);
  }
  return n + 1;
}

function check_people_and_labels(s, repo_key, args) {
  const repo = s.repository(repo_key);
  for (const l of args.labels || []) if (!repo.labels.some((x) => x.name === l)) fail(`repository ${repo_key} has no label '${l}'`);
  for (const a of args.assignees || []) if (!s.owner(a)) fail(`user '${a}' does not exist`);
  if (args.milestone !== undefined && args.milestone !== null && !repo.milestones.some((m) => m.number === args.milestone)) {
    fail(`repository ${repo_key} has no milestone ${args.milestone}`);
  }
}

function repo_of(s, args) {
  const key = need(args, 'repo', 'string');
  const repo = s.repository(key);
  if (!repo) fail(`repository '${key}' does not exist`);
  return repo;
}

function label_named(repo, name) {
  return repo.labels.find((l) => l.name === name);
}

// The issues and pull requests of a repository.
function contents_of(s, repo) {
  const key = `${repo.owner}/${repo.name}`.toLowerCase();
  return s.state.issues.concat(s.state.pull_requests).filter((r) => r.repository.toLowerCase() === key);
}

// The parent (`repo`, `number`) and the sub-issue (`sub_repo`, default `repo`, and `sub_number`)
// of a sub-issue op; both must be issues.
function sub_issue_pair(s, args) {
  const parent = content_of(s, args);
  if (s.typename(parent) !== 'Issue') fail(`${parent.repository}#${parent.number} is a pull request; only issues have sub-issues`);
  const sub_repo = args.sub_repo === undefined ? args.repo : need(args, 'sub_repo', 'string');
  const child = content_of(s, { repo: sub_repo, number: need(args, 'sub_number', 'number') });
  if (s.typename(child) !== 'Issue') fail(`${child.repository}#${child.number} is a pull request; only issues can be sub-issues`);
  return { parent, child };
}

// Takes the issue out of its parent's sub-issues and drops links GitHub could not keep; the
// parent's updatedAt stays (the fake's choice: GitHub documents nothing here).
function forget_sub_issue(s, rec) {
  for (const p of s.state.issues) {
    if (p.sub_issues.includes(rec.id)) p.sub_issues = p.sub_issues.filter((id) => id !== rec.id);
  }
}

const ops = {
  set_field,
  add_hook_delivery: (s, args) => add_hook_delivery(s, args, fail),
  move_item: (s, args, now) => set_field(s, { item: args.item, field: 'Status', value: need(args, 'status', 'string'), at: args.at }, now),
  remove_item(s, args, now) {
    const it = item_of(s, args);
    const p = s.parent(it);
    p.items = p.items.filter((x) => x !== it);
    p.updatedAt = now;
    return {};
  },
  archive_item(s, args, now) {
    const it = item_of(s, args);
    const at = stamp(args, it, now);
    it.isArchived = true;
    touch_item(s, it, at);
    return {};
  },
  unarchive_item(s, args, now) {
    const it = item_of(s, args);
    const at = stamp(args, it, now);
    it.isArchived = false;
    touch_item(s, it, at);
    return {};
  },
  add_item(s, args, now) {
    const number = need(args, 'project', 'number');
    const boards = s.state.projects.filter((p) => p.number === number && (!args.owner || p.owner.toLowerCase() === String(args.owner).toLowerCase()));
    if (boards.length === 0) fail(`project ${number} does not exist`);
    if (boards.length > 1) fail(`project number ${number} is ambiguous; add 'owner'`);
    const p = boards[0];
    let content_id;
    if (args.content !== undefined) {
      content_id = need(args, 'content', 'string');
      const c = s.node(content_id);
      if (!c || !['Issue', 'PullRequest'].includes(s.typename(c))) fail(`content '${content_id}' is not an issue or pull request`);
      const existing = p.items.find((it) => it.content === content_id);
      if (existing) return { id: existing.id };
    } else if (args.draft && typeof args.draft === 'object') {
      if (typeof args.draft.title !== 'string') fail(`draft needs a string 'title'`);
      content_id = new_id(s, 'DI');
      s.state.draft_issues.push({ id: content_id, title: args.draft.title, body: args.draft.body || '', assignees: [], creator: s.state.viewer, createdAt: now, updatedAt: now });
      s.reindex();
    } else {
      fail(`needs 'content' (issue or pull request node id) or 'draft' {title, body}`);
    }
    const id = new_id(s, 'PVTI');
    p.items.push({ id, content: content_id, isArchived: false, createdAt: now, updatedAt: now, values: {} });
    p.updatedAt = now;
    return { id };
  },
  edit_issue(s, args, now) {
    const rec = content_of(s, args);
    check_people_and_labels(s, rec.repository, args);
    for (const k of ['title', 'body']) {
      if (args[k] !== undefined) { if (typeof args[k] !== 'string') fail(`argument '${k}' must be a string`); rec[k] = args[k]; }
    }
    for (const k of ['labels', 'assignees']) {
      if (args[k] !== undefined) { if (!Array.isArray(args[k])) fail(`argument '${k}' must be an array`); rec[k] = args[k].slice(); }
    }
    if (args.milestone !== undefined) rec.milestone = args.milestone;
    if (args.draft !== undefined) {
      if (s.typename(rec) !== 'PullRequest') fail(`${rec.repository}#${rec.number} is an issue; only pull requests are drafts`);
      if (typeof args.draft !== 'boolean') fail(`argument 'draft' must be a boolean`);
      if (rec.state !== 'OPEN') fail(`${rec.repository}#${rec.number} is not open`);
      rec.isDraft = args.draft;
    }
    rec.updatedAt = stamp(args, rec, now);
    return {};
  },
  close_issue(s, args, now) {
    const rec = content_of(s, args);
    if (rec.state !== 'OPEN') fail(`${rec.repository}#${rec.number} is not open`);
    const at = stamp(args, rec, now);
    rec.state = 'CLOSED';
    if (s.typename(rec) === 'Issue') rec.stateReason = args.reason || 'COMPLETED';
    rec.closedAt = at;
    rec.updatedAt = at;
    return {};
  },
  reopen_issue(s, args, now) {
    const rec = content_of(s, args);
    if (rec.state !== 'CLOSED') fail(`${rec.repository}#${rec.number} is not closed`);
    const at = stamp(args, rec, now);
    rec.state = 'OPEN';
    if (s.typename(rec) === 'Issue') rec.stateReason = 'REOPENED';
    rec.closedAt = null;
    rec.updatedAt = at;
    return {};
  },
  merge_pr(s, args, now) {
    const rec = content_of(s, args);
    if (s.typename(rec) !== 'PullRequest') fail(`${rec.repository}#${rec.number} is not a pull request`);
    if (rec.state !== 'OPEN') fail(`${rec.repository}#${rec.number} is not open`);
    const at = stamp(args, rec, now);
    Object.assign(rec, { state: 'MERGED', merged: true, mergedAt: at, closedAt: at, isDraft: false, updatedAt: at });
    return {};
  },
  create_issue(s, args, now) {
    const repo_key = need(args, 'repo', 'string');
    const repo = s.repository(repo_key);
    if (!repo) fail(`repository '${repo_key}' does not exist`);
    const key = `${repo.owner}/${repo.name}`;
    check_people_and_labels(s, key, args);
    const is_pr = args.pull_request === true;
    // A given id and number reproduce a recorded issue (a webhook example's); GitHub never reuses either.
    if (args.id !== undefined && s.node(need(args, 'id', 'string'))) fail(`node id '${args.id}' is taken`);
    if (args.number !== undefined) {
      const n = need(args, 'number', 'number');
      if (!Number.isInteger(n) || n < 1) fail(`argument 'number' must be a positive integer`);
      if (s.numbered_content(key, n)) fail(`${key}#${n} exists`);
    }
    const at = stamp(args, null, now);
    const created = args.created_at === undefined ? at : need(args, 'created_at', 'string');
    if (created > at) fail(`'created_at' ${created} is later than 'at' ${at}`);
    const rec = {
      id: args.id ?? new_id(s, is_pr ? 'PR' : 'I'), repository: key, number: args.number ?? next_number(s, key), title: need(args, 'title', 'string'),
      body: args.body || '', state: 'OPEN', stateReason: null, author: args.author || s.state.viewer,
      assignees: (args.assignees || []).slice(), labels: (args.labels || []).slice(), milestone: args.milestone ?? null,
      createdAt: created, updatedAt: at, closedAt: null, comments: [],
    };
    if (is_pr) Object.assign(rec, { merged: false, mergedAt: null, isDraft: args.draft === true, closes: (args.closes || []).slice() });
    else rec.sub_issues = [];
    (is_pr ? s.state.pull_requests : s.state.issues).push(rec);
    return { id: rec.id, number: rec.number };
  },
  delete_issue(s, args, now) {
    const rec = content_of(s, args);
    // Its sub-issues become top-level issues; its parent loses it (neither is touched).
    forget_sub_issue(s, rec);
    s.state.issues = s.state.issues.filter((x) => x !== rec);
    s.state.pull_requests = s.state.pull_requests.filter((x) => x !== rec);
    remove_items_of(s, rec.id, now);
    return {};
  },
  create_label(s, args, now) {
    const repo = repo_of(s, args);
    const name = need(args, 'name', 'string');
    if (label_named(repo, name)) fail(`repository ${repo.owner}/${repo.name} already has a label '${name}'`);
    repo.labels.push({ id: new_id(s, 'LA'), name, color: args.color || 'ededed', description: args.description ?? null, isDefault: false, createdAt: now, updatedAt: now });
    return {};
  },
  edit_label(s, args, now) {
    const repo = repo_of(s, args);
    const label = label_named(repo, need(args, 'name', 'string'));
    if (!label) fail(`repository ${repo.owner}/${repo.name} has no label '${args.name}'`);
    if (args.new_name !== undefined) {
      const to = need(args, 'new_name', 'string');
      if (to !== label.name && label_named(repo, to)) fail(`repository ${repo.owner}/${repo.name} already has a label '${to}'`);
      // Issues refer to labels by name here; on GitHub they refer to the label, so they follow a rename.
      for (const rec of contents_of(s, repo)) rec.labels = rec.labels.map((l) => (l === label.name ? to : l));
      label.name = to;
    }
    if (args.color !== undefined) label.color = need(args, 'color', 'string');
    if (args.description !== undefined) label.description = args.description;
    label.updatedAt = now;
    return {};
  },
  delete_label(s, args) {
    const repo = repo_of(s, args);
    const label = label_named(repo, need(args, 'name', 'string'));
    if (!label) fail(`repository ${repo.owner}/${repo.name} has no label '${args.name}'`);
    repo.labels = repo.labels.filter((l) => l !== label);
    // GitHub takes a deleted label off every issue without touching their updatedAt.
    for (const rec of contents_of(s, repo)) rec.labels = rec.labels.filter((l) => l !== label.name);
    return {};
  },
  create_milestone(s, args, now) {
    const repo = repo_of(s, args);
    const number = args.number === undefined ? repo.milestones.reduce((n, m) => Math.max(n, m.number), 0) + 1 : need(args, 'number', 'number');
    if (repo.milestones.some((m) => m.number === number)) fail(`repository ${repo.owner}/${repo.name} already has milestone ${number}`);
    const at = stamp(args, null, now);
    repo.milestones.push({ id: new_id(s, 'MI'), number, title: need(args, 'title', 'string'), state: 'OPEN', description: args.description ?? null, dueOn: args.due_on ?? null, closedAt: null, createdAt: at, updatedAt: at });
    return { number };
  },
  edit_milestone(s, args, now) {
    const repo = repo_of(s, args);
    const m = repo.milestones.find((x) => x.number === need(args, 'number', 'number'));
    if (!m) fail(`repository ${repo.owner}/${repo.name} has no milestone ${args.number}`);
    const at = stamp(args, m, now);
    if (args.title !== undefined) m.title = need(args, 'title', 'string');
    if (args.description !== undefined) m.description = args.description;
    if (args.state !== undefined) {
      if (!['OPEN', 'CLOSED'].includes(args.state)) fail(`argument 'state' must be OPEN or CLOSED`);
      if (args.state !== m.state) m.closedAt = args.state === 'CLOSED' ? at : null;
      m.state = args.state;
    }
    m.updatedAt = at;
    return {};
  },
  delete_milestone(s, args) {
    const repo = repo_of(s, args);
    const m = repo.milestones.find((x) => x.number === need(args, 'number', 'number'));
    if (!m) fail(`repository ${repo.owner}/${repo.name} has no milestone ${args.number}`);
    repo.milestones = repo.milestones.filter((x) => x !== m);
    for (const rec of contents_of(s, repo)) if (rec.milestone === m.number) rec.milestone = null;
    return {};
  },
  transfer_issue(s, args, now) {
    const rec = content_of(s, args);
    if (s.typename(rec) !== 'Issue') fail(`${rec.repository}#${rec.number} is a pull request; only issues can be transferred`);
    const to_key = need(args, 'to', 'string');
    const to = s.repository(to_key);
    if (!to) fail(`repository '${to_key}' does not exist`);
    const key = `${to.owner}/${to.name}`;
    const old_id = rec.id;
    const moved = {
      ...rec, id: new_id(s, 'I'), repository: key, number: next_number(s, key),
      labels: rec.labels.filter((l) => to.labels.some((x) => x.name === l)), milestone: null, updatedAt: now,
    };
    // Sub-issue links follow the issue to a repository of the same owner; to another owner they
    // are dropped, as a sub-issue must share its parent's owner (the fake's rule, see the README).
    const parent = s.parent_issue(rec);
    if (owner_of_repo(key) === owner_of_repo(rec.repository)) {
      if (parent) parent.sub_issues = parent.sub_issues.map((id) => (id === old_id ? moved.id : id));
      moved.sub_issues = rec.sub_issues.slice();
    } else {
      forget_sub_issue(s, rec);
      moved.sub_issues = [];
    }
    s.state.issues = s.state.issues.filter((x) => x !== rec).concat([moved]);
    for (const p of s.state.projects) {
      for (const it of p.items) {
        if (it.content === old_id) { it.content = moved.id; it.updatedAt = now; p.updatedAt = now; }
      }
    }
    return { id: moved.id, number: moved.number };
  },
  // A person's comment (roadmapd's own come through the addComment mutation). It touches the issue.
  add_comment(s, args, now) {
    const rec = content_of(s, args);
    const author = need(args, 'author', 'string');
    if (!s.owner(author)) fail(`user '${author}' does not exist`);
    const body = need(args, 'body', 'string');
    const at = stamp(args, rec, now);
    const created = args.created_at === undefined ? at : need(args, 'created_at', 'string');
    if (created > at) fail(`'created_at' ${created} is later than 'at' ${at}`);
    const c = add_comment(s, rec, { author: s.owner(author).login, body, created_at: created, at });
    return { id: c.id, databaseId: c.databaseId };
  },
  edit_comment(s, args, now) {
    const c = comment_of(s, args);
    const at = stamp(args, c, now);
    c.body = need(args, 'body', 'string');
    c.lastEditedAt = at;
    c.editor = args.editor === undefined ? c.author : need(args, 'editor', 'string');
    touch_comment(s, c, at);
    return {};
  },
  delete_comment(s, args, now) {
    const c = comment_of(s, args);
    const subject = s.parent(c);
    subject.comments = subject.comments.filter((x) => x !== c);
    subject.updatedAt = stamp(args, subject, now);
    return {};
  },
  // Sub-issues, as the issue page's "Add existing issue" does: appended to the parent's list.
  add_sub_issue(s, args, now) {
    const { parent, child } = sub_issue_pair(s, args);
    if (args.replace_parent !== undefined && typeof args.replace_parent !== 'boolean') fail(`argument 'replace_parent' must be a boolean`);
    const refusal = sub_issue_refusal(s, parent, child, args.replace_parent === true);
    if (refusal) fail(refusal.detail);
    link_sub_issue(s, parent, child, stamp(args, parent, now));
    return { position: parent.sub_issues.length - 1 };
  },
  remove_sub_issue(s, args, now) {
    const { parent, child } = sub_issue_pair(s, args);
    if (s.parent_issue(child) !== parent) fail(`${child.repository}#${child.number} is not a sub-issue of ${parent.repository}#${parent.number}`);
    unlink_sub_issue(s, parent, child, stamp(args, parent, now));
    return {};
  },
  // Drag and drop in the sub-issues list: `position` is the sub-issue's index afterwards (0 = first).
  reprioritize_sub_issue(s, args, now) {
    const { parent, child } = sub_issue_pair(s, args);
    if (s.parent_issue(child) !== parent) fail(`${child.repository}#${child.number} is not a sub-issue of ${parent.repository}#${parent.number}`);
    const position = need(args, 'position', 'number');
    if (!Number.isInteger(position) || position < 0 || position >= parent.sub_issues.length) {
      fail(`argument 'position' must be an integer from 0 to ${parent.sub_issues.length - 1}`);
    }
    move_sub_issue(s, parent, child, position, stamp(args, parent, now));
    return {};
  },
  // Whose token the API serves: the author of every comment the mutations write.
  set_viewer(s, args) {
    const login = need(args, 'login', 'string');
    const u = s.owner(login);
    if (!u || s.typename(u) !== 'User') fail(`user '${login}' does not exist`);
    s.state.viewer = u.login;
    return {};
  },
};

// Applies all ops or none; returns per-op results or throws edit_error naming the op.
function apply_edits(live, list) {
  if (!Array.isArray(list)) throw new edit_error(`body must be {"ops": [...]}`);
  const draft = new store_class(JSON.parse(JSON.stringify(live.state)));
  const results = [];
  list.forEach((op, i) => {
    const name = op && op.op;
    const impl = Object.prototype.hasOwnProperty.call(ops, name) ? ops[name] : null;
    if (!impl) throw new edit_error(`ops[${i}]: unknown op '${name}'; known: ${Object.keys(ops).join(', ')}`);
    try {
      results.push(impl(draft, op, draft.now()));
    } catch (e) {
      if (e instanceof edit_error) throw new edit_error(`ops[${i}] (${name}): ${e.message}`);
      throw e;
    }
    draft.reindex();
  });
  try {
    live.replace(draft.state);
  } catch (e) {
    throw new edit_error(`the ops would leave a state GitHub cannot be in: ${e.message}`);
  }
  return results;
}

module.exports = { apply_edits, edit_error, op_names: Object.keys(ops) };
